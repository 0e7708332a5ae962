import { expect } from "chai";
import * as path from "path";
import { absoluteChartSource, chartSourceFormProblem, chartSourceKind, localChart, resolveChart } from "../../components/charts/chartSource";

describe("chart source", () => {
    const upstream = { chart: "tigera-operator", repository: "https://docs.tigera.io/calico/charts", version: "v3.31.2" };
    // A file system holding a packaged tigera-operator v3.31.2 in /opt/charts and an unpacked one in /srv/unpacked.
    const files = new Set([
        "/opt/charts",
        "/opt/charts/tigera-operator-v3.31.2.tgz",
        "/srv/unpacked",
        "/srv/unpacked/tigera-operator/Chart.yaml",
        "/both",
        "/both/tigera-operator-v3.31.2.tgz",
        "/both/tigera-operator/Chart.yaml",
    ]);
    const exists = (file: string) => files.has(file);

    const table: [string, string, object][] = [
        ["", "upstream", { chart: "tigera-operator", version: "v3.31.2", repositoryOpts: { repo: "https://docs.tigera.io/calico/charts" } }],
        ["https://charts.internal/mirror/", "mirror", { chart: "tigera-operator", version: "v3.31.2", repositoryOpts: { repo: "https://charts.internal/mirror" } }],
        ["oci://registry.internal/charts", "oci", { chart: "oci://registry.internal/charts/tigera-operator", version: "v3.31.2" }],
        // The packaged chart of the pinned version; Helm reads the version from the file.
        ["/opt/charts/", "local", { chart: "/opt/charts/tigera-operator-v3.31.2.tgz" }],
        ["/srv/unpacked", "local", { chart: "/srv/unpacked/tigera-operator" }],
        // Both present: the packaged file is the pinned version, the folder could hold any.
        ["/both", "local", { chart: "/both/tigera-operator-v3.31.2.tgz" }],
        // Neither: the folder Helm will report missing (validation refuses this before).
        ["/empty", "local", { chart: "/empty/tigera-operator" }],
    ];
    for (const [override, kind, expected] of table) {
        it(`"${override}" is ${kind}`, () => {
            expect(chartSourceKind(override)).to.equal(kind);
            expect(resolveChart(upstream, override, exists)).to.deep.equal(expected);
        });
    }

    it("a packaged chart of another version does not count as the pinned one", () => {
        expect(localChart("/opt/charts", { ...upstream, version: "v3.31.7" }, exists)).to.equal(undefined);
        expect(localChart("/opt/charts", upstream, exists)).to.equal("/opt/charts/tigera-operator-v3.31.2.tgz");
    });

    const forms: [string, RegExp | undefined][] = [
        ["", undefined],
        ["https://charts.internal", undefined],
        ["http://10.0.0.5:8080/charts", undefined],
        ["oci://123456789012.dkr.ecr.eu-west-1.amazonaws.com/charts", undefined],
        ["./vendor/charts", undefined],
        ["C:/charts", undefined],
        ["s3://bucket/charts", /cannot install charts from "s3:"/],
        ["gs://bucket/charts", /"gs:"/],
        ["file:///opt/charts", /"file:"/],
        ["oci:/registry/charts", /two slashes/],
        ["oci://", /names no registry host/],
        ["https://", /names no host/],
    ];
    for (const [override, problem] of forms) {
        it(`the form of "${override}" is ${problem ? "refused" : "accepted"}`, () => {
            const found = chartSourceFormProblem(override);
            if (problem) {
                expect(found).to.match(problem);
            } else {
                expect(found).to.equal(undefined);
            }
        });
    }

    it("a relative directory is relative to the project directory; other forms stay as they are", () => {
        expect(absoluteChartSource("vendor/charts", "/srv/project")).to.equal(path.resolve("/srv/project/vendor/charts"));
        expect(absoluteChartSource("../charts", "/srv/project")).to.equal(path.resolve("/srv/charts"));
        expect(absoluteChartSource("/opt/charts", "/srv/project")).to.equal("/opt/charts");
        expect(absoluteChartSource("oci://r/c", "/srv/project")).to.equal("oci://r/c");
        expect(absoluteChartSource("", "/srv/project")).to.equal("");
    });
});
