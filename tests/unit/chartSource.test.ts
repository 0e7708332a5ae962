import { expect } from "chai";
import { chartSourceKind, resolveChart } from "../../components/charts/chartSource";

describe("chart source", () => {
    const upstream = { chart: "tigera-operator", repository: "https://docs.tigera.io/calico/charts", version: "v3.31.2" };
    const table: [string, string, object][] = [
        ["", "upstream", { chart: "tigera-operator", version: "v3.31.2", repositoryOpts: { repo: "https://docs.tigera.io/calico/charts" } }],
        ["https://charts.internal/mirror/", "mirror", { chart: "tigera-operator", version: "v3.31.2", repositoryOpts: { repo: "https://charts.internal/mirror" } }],
        ["oci://registry.internal/charts", "oci", { chart: "oci://registry.internal/charts/tigera-operator", version: "v3.31.2" }],
        ["./vendor/charts", "local", { chart: "./vendor/charts/tigera-operator" }],
        ["/opt/charts/", "local", { chart: "/opt/charts/tigera-operator" }],
    ];
    for (const [override, kind, expected] of table) {
        it(`"${override}" is ${kind}`, () => {
            expect(chartSourceKind(override)).to.equal(kind);
            expect(resolveChart(upstream, override)).to.deep.equal(expected);
        });
    }
});
