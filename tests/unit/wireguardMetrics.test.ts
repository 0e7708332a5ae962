import Ajv from "ajv";
import { expect } from "chai";
import { crdSchema } from "../support/calicoCrds";
import { installationSpec, installationValues } from "../../components/calico/installationValues";
import { SUPPORTED_CALICO_VERSIONS } from "../../components/config/defaults";
import { resolveConfig } from "../../components/stack/resolve";
import { MOCK_KUBECONFIG, Resources, runProgram } from "./mockHarness";
import { calicoEksProgram } from "../../components/program";
import { WIREGUARD_FIELD_MANAGER, wireguardFelixSpec } from "../../components/calico/wireguard";
import { metricsMonitorObjects, monitorsProvider } from "../../components/calico/metricsMonitors";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const CALICO_RELEASE = "calico-eks-calico-tigera-operator";
const FELIX_PATCH = "kubernetes:crd.projectcalico.org/v1:FelixConfigurationPatch";
const DYNAMIC = "pulumi-nodejs:dynamic:Resource";
const MONITORS = "calico-eks-calico-metrics-monitors";

async function deploy(raw: Record<string, unknown> = {}): Promise<Resources> {
    return (await runProgram(() => calicoEksProgram(raw))).resources;
}

describe("WireGuard (wireguard: true)", () => {
    let resources: Resources;
    before(async () => (resources = await deploy({ wireguard: true })));

    it("applies wireguardEnabled, and only it, to FelixConfiguration default under its own field manager, forced", () => {
        const patch = resources.one(FELIX_PATCH);
        expect(patch.inputs.apiVersion).to.equal("crd.projectcalico.org/v1");
        expect(patch.inputs.kind).to.equal("FelixConfiguration");
        expect(patch.inputs.metadata).to.deep.equal({
            name: "default",
            annotations: { "pulumi.com/patchFieldManager": WIREGUARD_FIELD_MANAGER, "pulumi.com/patchForce": "true" },
        });
        expect(patch.inputs.spec).to.deep.equal({ wireguardEnabled: true });
    });

    it("runs on the cluster's provider, after the Calico CRDs, and is deleted with the cluster", () => {
        const patch = resources.one(FELIX_PATCH);
        expect(patch.provider.startsWith(resources.one("pulumi:providers:kubernetes").urn)).to.equal(true);
        expect(resources.dependsOn(patch, resources.one("kubernetes:helm.sh/v4:Chart"))).to.equal(true);
        expect(patch.deletedWith).to.equal(resources.one("eks:index:Cluster").urn);
    });

    it("is in place before any node joins: Felix never starts without it", () => {
        for (const group of resources.ofType("aws:eks/nodeGroup:NodeGroup")) {
            expect(resources.dependsOn(group, resources.one(FELIX_PATCH)), group.name).to.equal(true);
        }
    });

    it("relies on the cluster security group between nodes: the launch templates name no security group of their own", () => {
        // EKS then attaches the cluster security group, whose rule allows all traffic between its members
        // (UDP 51820 included). A security group named here would replace it and drop WireGuard between nodes.
        for (const template of resources.ofType("aws:ec2/launchTemplate:LaunchTemplate")) {
            expect(template.inputs.vpcSecurityGroupIds, template.name).to.equal(undefined);
            expect(template.inputs.networkInterfaces, template.name).to.equal(undefined);
        }
    });

    it("leaves the Installation as it was: WireGuard is Felix's setting, not the operator's", () => {
        expect(resources.one(RELEASE, CALICO_RELEASE).inputs.values.installation).to.not.have.any.keys("nodeMetricsPort", "typhaMetricsPort");
    });
});

describe("Calico metrics (calicoMetrics: true)", () => {
    let resources: Resources;
    before(async () => (resources = await deploy({ calicoMetrics: true, typhaMetricsPort: 9193 })));

    it("sets the Installation's metrics ports", () => {
        expect(resources.one(RELEASE, CALICO_RELEASE).inputs.values.installation).to.deep.include({ nodeMetricsPort: 9091, typhaMetricsPort: 9193 });
    });

    it("applies Felix's metrics Service and the two ServiceMonitors through a dynamic resource, with the kubeconfig kept secret", () => {
        const monitors = resources.one(DYNAMIC, MONITORS);
        expect(monitors.inputs.kubeconfig).to.deep.include({ value: MOCK_KUBECONFIG });
        expect(monitors.inputs.objects.map((o: any) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)).to.deep.equal([
            "Service/calico-system/calico-felix-metrics",
            "ServiceMonitor/calico-system/calico-felix",
            "ServiceMonitor/calico-system/calico-typha",
        ]);
        const [service, felix, typha] = monitors.inputs.objects;
        expect(service.spec).to.deep.equal({ clusterIP: "None", selector: { "k8s-app": "calico-node" }, ports: [{ name: "felix-metrics", port: 9091, targetPort: 9091, protocol: "TCP" }] });
        expect(felix.spec.selector.matchLabels).to.deep.equal({ "k8s-app": service.metadata.labels["k8s-app"] });
        expect(felix.spec.endpoints[0].port).to.equal("felix-metrics");
        // The operator's Service for Typha: label and port name as tigera/operator renders them.
        expect(typha.spec.selector.matchLabels).to.deep.equal({ "k8s-app": "calico-typha-metrics" });
        expect(typha.spec.endpoints[0].port).to.equal("calico-typha-metrics");
    });

    it("comes after the operator release, on the cluster's provider's cluster, deleted with it", () => {
        const monitors = resources.one(DYNAMIC, MONITORS);
        expect(monitors.dependencies).to.include(resources.one(RELEASE, CALICO_RELEASE).urn);
        expect(monitors.deletedWith).to.equal(resources.one("eks:index:Cluster").urn);
    });

    it("creates no FelixConfiguration patch: the operator sets Felix's metrics from the Installation", () => {
        expect(resources.ofType(FELIX_PATCH)).to.deep.equal([]);
    });
});

describe("neither (the default)", () => {
    it("registers no patch and no monitors, and the Installation has no metrics ports", async () => {
        const resources = await deploy();
        expect(resources.ofType(FELIX_PATCH)).to.deep.equal([]);
        expect(resources.all.filter(r => r.name === MONITORS)).to.deep.equal([]);
        expect(resources.one(RELEASE, CALICO_RELEASE).inputs.values.installation).to.not.have.any.keys("nodeMetricsPort", "typhaMetricsPort");
    });
});

describe("MetricsMonitors provider", () => {
    const olds = { kubeconfig: MOCK_KUBECONFIG, objects: metricsMonitorObjects(9091), applied: true };

    it("reports a change without calling the cluster while the kubeconfig is unknown", async () => {
        const { unknownValue } = await import("@pulumi/pulumi/runtime/rpc");
        // The mock kubeconfig points at an unresolvable host: any request would fail the test.
        expect(await monitorsProvider.diff!("calico-system/calico-metrics", olds, { kubeconfig: unknownValue, objects: olds.objects })).to.deep.equal({ changes: true });
    });

    it("reports a change without calling the cluster when the objects changed (a moved Felix port)", async () => {
        expect(await monitorsProvider.diff!("calico-system/calico-metrics", olds, { kubeconfig: MOCK_KUBECONFIG, objects: metricsMonitorObjects(9191) })).to.deep.equal({ changes: true });
    });

    it("deletes nothing when the last run applied nothing (no CRD then)", async () => {
        expect(await monitorsProvider.delete!("calico-system/calico-metrics", { ...olds, applied: false })).to.equal(undefined);
    });
});

describe("the fields set exist in every supported release's CRDs", () => {
    // additionalProperties: false where a schema lists properties, so a misspelt field fails here instead of
    // being pruned by the API server without a word.
    const strict = (schema: any): any => {
        if (schema && typeof schema === "object") {
            if (schema.properties && schema.additionalProperties === undefined && !schema["x-kubernetes-preserve-unknown-fields"]) {
                schema.additionalProperties = false;
            }
            Object.values(schema).forEach(strict);
        }
        return schema;
    };
    const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });

    for (const version of SUPPORTED_CALICO_VERSIONS) {
        it(`${version}: the Installation with the metrics ports, and FelixConfiguration with wireguardEnabled`, () => {
            const config = resolveConfig({ calicoMetrics: true, calicoVersion: version });
            const spec = installationSpec(installationValues(config.ipPools, config.teams, config.calico));
            expect(spec).to.deep.include({ nodeMetricsPort: 9091, typhaMetricsPort: 9093 });
            const installation = ajv.compile(strict(crdSchema("operator.tigera.io_installations.yaml", version)).properties.spec);
            expect(installation(spec), JSON.stringify(installation.errors)).to.equal(true);
            expect(installation({ ...spec, felixMetricsPort: 9091 }), "a field the CRD does not have").to.equal(false);
            // Its patterns are Go regular expressions ((?i) flags), which JavaScript cannot compile: dropped.
            const withoutPatterns = JSON.parse(JSON.stringify(crdSchema("crd.projectcalico.org_felixconfigurations.yaml", version)), (k, v) => (k === "pattern" ? undefined : v));
            const felix = ajv.compile(strict(withoutPatterns).properties.spec);
            expect(felix({ wireguardEnable: true }), "a field the CRD does not have").to.equal(false);
            expect(felix(wireguardFelixSpec()), JSON.stringify(felix.errors)).to.equal(true);
        });
    }
});
