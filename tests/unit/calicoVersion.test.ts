/**
 * The Calico version lifecycle: which changes are refused (pure, table-driven), the CRDs the program applies
 * before the operator release in both chart layouts, and the release's own settings, under Pulumi mocks.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as path from "path";
import { Resources, runProgram, valueOf } from "./mockHarness";
import { calicoEksProgram } from "../../components/program";
import { hasSeparateCrdChart, upgradePath, versionChangeProblem } from "../../components/calico/calicoVersions";
import { CalicoClusterFacts, upgradeProblems } from "../../components/calico/upgradeChecks";
import { CRDS_ONLY_POST_RENDERER } from "../../components/calico/calicoCrds";
import { preflightProvider } from "../../components/calico/versionPreflight";
import { referenceChartsDir } from "../support/referenceCharts";

const CHART = "kubernetes:helm.sh/v4:Chart";
const RELEASE = "kubernetes:helm.sh/v3:Release";
const CRDS = "calico-eks-calico-crds";
const OPERATOR = "calico-eks-calico-tigera-operator";
const PREFLIGHT = "calico-eks-calico-version-preflight";

describe("Calico versions: which changes are safe", () => {
    const changes: [string, string, RegExp | undefined][] = [
        ["v3.31.2", "v3.31.7", undefined],
        ["v3.31.7", "v3.32.1", undefined],
        ["v3.31.2", "v3.32.1", undefined],
        ["v3.31.2", "v3.31.2", undefined],
        ["v3.31.7", "v3.31.2", /downgrade/],
        ["v3.32.1", "v3.31.7", /downgrade/],
        ["v3.30.3", "v3.32.1", /skips a minor/],
        ["v3.29.0", "v3.31.2", /skips a minor/],
        ["v2.6.0", "v3.31.2", /skips a minor/],
    ];
    for (const [from, to, refused] of changes) {
        it(`${from} → ${to} is ${refused ? "refused" : "allowed"}`, () => {
            const problem = versionChangeProblem(from, to);
            if (refused) {
                expect(problem).to.match(refused);
            } else {
                expect(problem).to.equal(undefined);
            }
        });
    }

    it("upgrades through the newest patch of each minor on the way", () => {
        expect(upgradePath("v3.30.3", "v3.32.1")).to.deep.equal(["v3.31.7", "v3.32.1"]);
        expect(upgradePath("v3.31.2", "v3.31.7")).to.deep.equal(["v3.31.7"]);
    });

    it("knows which releases ship their CRDs in the separate CRD chart", () => {
        expect([["v3.31.2"], ["v3.31.7"], ["v3.32.0"], ["v3.32.1"], ["v3.33.0"]].map(([v]) => hasSeparateCrdChart(v))).to.deep.equal([false, false, true, true, true]);
    });
});

describe("Calico upgrade pre-flight: what the cluster holds decides", () => {
    const clean: CalicoClusterFacts = { installedVersion: "v3.31.7", adminNetworkPolicies: [], baselineAdminNetworkPolicies: [], ownAllowTigeraPolicies: [] };
    const table: [string, Partial<CalicoClusterFacts>, string, RegExp[], RegExp[]][] = [
        ["a fresh cluster", { installedVersion: undefined, adminNetworkPolicies: ["legacy"] }, "v3.32.1", [], []],
        ["the same release again", {}, "v3.31.7", [], []],
        ["a patch upgrade", { installedVersion: "v3.31.2" }, "v3.31.7", [], []],
        ["the minor upgrade on a clean cluster", {}, "v3.32.1", [], []],
        [
            "a downgrade",
            { installedVersion: "v3.32.1" },
            "v3.31.7",
            [/v3\.32\.1; going back to v3\.31\.7 is a downgrade/],
            [/^pulumi config set 'calicoVersion' v3\.32\.1 to keep the running release/],
        ],
        ["a patch downgrade", {}, "v3.31.2", [/downgrade/], [/calicoVersion' v3\.31\.7/]],
        [
            "a skipped minor",
            { installedVersion: "v3.30.3" },
            "v3.32.1",
            [/skips a minor/],
            [/pulumi config set 'calicoVersion' v3\.31\.7 && pulumi up, then pulumi config set 'calicoVersion' v3\.32\.1 && pulumi up/],
        ],
        [
            "AdminNetworkPolicies before v3.32",
            { adminNetworkPolicies: ["deny-egress"], baselineAdminNetworkPolicies: ["default"] },
            "v3.32.1",
            [/drops AdminNetworkPolicy and BaselineAdminNetworkPolicy support.*AdminNetworkPolicy deny-egress, BaselineAdminNetworkPolicy default/],
            [/ClusterNetworkPolicy.*kubectl delete adminnetworkpolicies,baselineadminnetworkpolicies --all.*calicoVersion' v3\.31\.7 to stay/],
        ],
        ["AdminNetworkPolicies on a patch upgrade (still supported)", { installedVersion: "v3.31.2", adminNetworkPolicies: ["deny-egress"] }, "v3.31.7", [], []],
        [
            "own policies in the operator's tier",
            { ownAllowTigeraPolicies: ["allow-tigera.allow-vault"] },
            "v3.32.1",
            [/renames the operator's "allow-tigera" tier to "calico-system".*allow-tigera\.allow-vault/],
            [/move them to a tier of your own/],
        ],
        [
            "both at once",
            { adminNetworkPolicies: ["a"], ownAllowTigeraPolicies: ["allow-tigera.b"] },
            "v3.32.1",
            [/AdminNetworkPolicy a/, /allow-tigera\.b/],
            [/ClusterNetworkPolicy/, /tier of your own/],
        ],
        ["many objects are listed briefly", { adminNetworkPolicies: ["a", "b", "c", "d", "e", "f", "g"] }, "v3.32.1", [/AdminNetworkPolicy e and 2 more/], [/ClusterNetworkPolicy/]],
    ];
    for (const [name, facts, target, messages, fixes] of table) {
        it(`${name} → ${target}: ${messages.length ? "refused" : "allowed"}`, () => {
            const problems = upgradeProblems({ ...clean, ...facts }, target);
            expect(problems.map(p => p.key)).to.deep.equal(messages.map(() => "calicoVersion"));
            messages.forEach((m, i) => expect(problems[i].message).to.match(m));
            fixes.forEach((f, i) => expect(problems[i].fix).to.match(f));
        });
    }

    it("asks nothing of a cluster that does not exist yet", async () => {
        const news = { kubeconfig: "04da6b54-80e4-46f7-96ec-b56ff0331ba9", targetVersion: "v3.32.1", namespace: "tigera-operator", releaseName: "calico" };
        expect(await preflightProvider.check!({}, news)).to.deep.equal({ inputs: news });
    });

    it("releases the version to the CRDs only from create and update, which run once the check passed", async () => {
        const inputs = { kubeconfig: "k", targetVersion: "v3.31.7", namespace: "tigera-operator", releaseName: "calico" };
        expect((await preflightProvider.create!(inputs)).outs.checkedVersion).to.equal("v3.31.7");
        expect((await preflightProvider.update!("id", { ...inputs, targetVersion: "v3.31.2" }, inputs)).outs.checkedVersion).to.equal("v3.31.7");
    });

    it("reports a change only when the target changes", async () => {
        const olds = { kubeconfig: "k", targetVersion: "v3.31.2", namespace: "tigera-operator", releaseName: "calico" };
        expect((await preflightProvider.diff!("id", olds, { ...olds }))?.changes).to.equal(false);
        expect((await preflightProvider.diff!("id", olds, { ...olds, targetVersion: "v3.31.7" }))?.changes).to.equal(true);
    });
});

describe("Calico CRDs: applied by the program before the operator release", () => {
    async function deploy(raw: Record<string, unknown> = {}): Promise<{ resources: Resources; calicoVersion: string }> {
        const { resources, result } = await runProgram(() => calicoEksProgram(raw));
        return { resources, calicoVersion: await valueOf(result.calicoVersion) };
    }

    const layouts: [string, Record<string, unknown>, object][] = [
        ["v3.31: the operator chart's crds/", {}, { chart: "tigera-operator", version: "v3.31.2", repositoryOpts: { repo: "https://docs.tigera.io/calico/charts" } }],
        ["v3.31.7: the operator chart's crds/", { calicoVersion: "v3.31.7" }, { chart: "tigera-operator", version: "v3.31.7", repositoryOpts: { repo: "https://docs.tigera.io/calico/charts" } }],
        ["v3.32: the separate CRD chart", { calicoVersion: "v3.32.1" }, { chart: "crd.projectcalico.org.v1", version: "v3.32.1", repositoryOpts: { repo: "https://docs.tigera.io/calico/charts" } }],
        [
            "v3.32 from a local directory: the packaged CRD chart",
            { calicoVersion: "v3.32.1", chartSource: referenceChartsDir() },
            { chart: path.join(referenceChartsDir(), "crd.projectcalico.org.v1-v3.32.1.tgz") },
        ],
        ["v3.31 from a local directory: the packaged operator chart", { chartSource: referenceChartsDir() }, { chart: path.join(referenceChartsDir(), "tigera-operator-v3.31.2.tgz") }],
    ];
    for (const [name, raw, source] of layouts) {
        it(`${name}, under one logical name for every layout`, async () => {
            const { resources } = await deploy(raw);
            const chart = resources.one(CHART, CRDS);
            expect(chart.inputs).to.deep.include(source);
            if (!("repositoryOpts" in source)) {
                expect(chart.inputs).to.not.have.property("repositoryOpts");
            }
            // Only the CRDs of the render are applied.
            expect(chart.inputs.postRenderer).to.deep.equal({ command: process.execPath, args: ["-e", CRDS_ONLY_POST_RENDERER] });
        });
    }

    it("installs the operator release after the pre-flight and the CRDs, skipping the chart's crds/ and the operator's own CRD management", async () => {
        const { resources } = await deploy();
        const release = resources.one(RELEASE, OPERATOR);
        const chart = resources.one(CHART, CRDS);
        const preflight = resources.one("pulumi-nodejs:dynamic:Resource", PREFLIGHT);
        expect(release.inputs.skipCrds).to.equal(true);
        expect(release.inputs.values.manageCRDs).to.equal(false);
        expect(resources.dependsOn(release, chart)).to.equal(true);
        expect(resources.dependsOn(release, preflight)).to.equal(true);
        // Through its chart input, not only dependsOn: what the chart registers cannot run before the verdict.
        expect(chart.dependencies).to.include(preflight.urn);
        expect(preflight.inputs).to.include({ targetVersion: "v3.31.2", namespace: "tigera-operator", releaseName: "calico" });
        // The CRDs and the check go with the cluster, like every in-cluster resource.
        const cluster = resources.one("eks:index:Cluster");
        expect([chart.deletedWith, preflight.deletedWith]).to.deep.equal([cluster.urn, cluster.urn]);
    });

    it("outputs the version Helm installed, also when a local chart source passes none to Helm", async () => {
        const { resources, calicoVersion } = await deploy({ chartSource: referenceChartsDir(), calicoVersion: "v3.31.7" });
        expect(resources.one(RELEASE, OPERATOR).inputs).to.not.have.property("version");
        expect(calicoVersion).to.equal("v3.31.7");
    });
});

describe("the CRDs-only post-renderer", () => {
    const render = (manifest: string) => {
        const result = spawnSync(process.execPath, ["-e", CRDS_ONLY_POST_RENDERER], { input: manifest, encoding: "utf8" });
        expect(result.status, result.stderr).to.equal(0);
        return result.stdout;
    };
    const crd = (name: string) =>
        `# Source: tigera-operator/crds/${name}.yaml\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: ${name}\nspec:\n  names:\n    kind: Installation\n`;

    it("keeps every CustomResourceDefinition and drops everything else the chart renders", () => {
        const manifest = [
            `---\n${crd("installations.operator.tigera.io")}`,
            "---\n# Source: tigera-operator/templates/tigera-operator/02-tigera-operator.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: tigera-operator\n",
            "---\n# Source: tigera-operator/templates/crs/custom-resources.yaml\napiVersion: operator.tigera.io/v1\nkind: Installation\nmetadata:\n  name: default\n",
            `---\n${crd("ippools.crd.projectcalico.org")}`,
        ].join("");
        const out = render(manifest);
        expect(out.match(/^kind: .*$/gm)).to.deep.equal(["kind: CustomResourceDefinition", "kind: CustomResourceDefinition"]);
        expect(out).to.include("name: installations.operator.tigera.io").and.include("name: ippools.crd.projectcalico.org");
        expect(out).to.not.include("Deployment");
    });

    it("renders nothing from a chart without CRDs", () => {
        expect(render("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n")).to.equal("");
    });
});
