/**
 * The in-cluster half against any cluster's provider: CalicoNetworking and ClusterAddons take the stack config's
 * keys (same names, same defaults), all optional but the cluster's identity, and refuse bad ones at once as one
 * ResourceError on the component.
 */
import { expect } from "chai";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { MOCK_KUBECONFIG, Resources, runProgram } from "./mockHarness";
import { CalicoNetworking } from "../../components/calico/calicoNetworking";
import { ClusterAddons } from "../../components/addons/clusterAddons";
import { InClusterArgsError } from "../../components/inClusterArgs";
import { DEFAULT_IP_POOL } from "../../components/config/defaults";

const RELEASE = "kubernetes:helm.sh/v3:Release";
const cluster = { clusterName: "any", region: "eu-west-1", vpcId: "vpc-0123456789abcdef0" };

async function attempt(program: () => unknown): Promise<{ resources: Resources; error?: InClusterArgsError }> {
    let error: InClusterArgsError | undefined;
    const { resources } = await runProgram(() => {
        try {
            return program();
        } catch (err) {
            error = err as InClusterArgsError;
            return undefined;
        }
    });
    return { resources, error };
}

describe("CalicoNetworking against any cluster's provider", () => {
    it("needs only the kubeconfig: the default pool, version and chart source", async () => {
        const { resources } = await runProgram(() => new CalicoNetworking("calico", { kubeconfig: MOCK_KUBECONFIG }, { provider: new k8s.Provider("any", { kubeconfig: MOCK_KUBECONFIG }) }));
        const release = resources.one(RELEASE, "calico-tigera-operator");
        expect(release.inputs.version).to.equal("v3.31.2");
        expect(release.inputs.values.installation.calicoNetwork.ipPools).to.deep.equal([DEFAULT_IP_POOL]);
    });

    it("fills a pool's missing fields with the stack config's defaults", async () => {
        const { resources } = await runProgram(
            () => new CalicoNetworking("calico", { kubeconfig: MOCK_KUBECONFIG, ipPools: [{ cidr: "10.244.0.0/16" }], teams: [{ name: "payments", namespaces: ["payments"], cidr: "10.245.0.0/20" }] }),
        );
        const pools = resources.one(RELEASE, "calico-tigera-operator").inputs.values.installation.calicoNetwork.ipPools;
        expect(pools[0]).to.deep.equal({ ...DEFAULT_IP_POOL, cidr: "10.244.0.0/16" });
        expect(pools[1]).to.include({ name: "payments-pool", cidr: "10.245.0.0/20", assignmentMode: "Manual" });
    });

    it("refuses every bad argument at once, as one ResourceError on the component, and creates nothing else", async () => {
        const { resources, error } = await attempt(
            () =>
                new CalicoNetworking("calico", {
                    kubeconfig: MOCK_KUBECONFIG,
                    ipPools: [{ cidr: "10.100.0.0/16", encapsulation: "IPIP" as "VXLAN" }],
                    calicoVersion: "v3.20.0",
                    teams: [{ name: "payments" }],
                }),
        );
        expect(error).to.be.instanceOf(InClusterArgsError);
        expect(error!.name).to.equal("InClusterArgsError");
        expect(pulumi.ResourceError.isInstance(error)).to.equal(true);
        const keys = error!.problems.map(p => p.key);
        expect(keys).to.include.members(["ipPools[0].encapsulation", "ipPools[0].cidr", "calicoVersion", "teams[0].cidr"]);
        expect(error!.problems.find(p => p.key === "ipPools[0].cidr")!.message).to.match(/overlaps 10\.100\.0\.0\/16 \(the service CIDR/);
        expect(error!.message).to.include('CalicoNetworking "calico": ipPools[0].encapsulation:');
        expect(error!.message).to.not.match(/pulumi config set/);
        expect(resources.all.map(r => r.type)).to.deep.equal(["calico-eks:calico:CalicoNetworking"]);
    });

    it("checks the pools against the cluster's own node network and service CIDR when given", async () => {
        const { error } = await attempt(() => new CalicoNetworking("calico", { kubeconfig: MOCK_KUBECONFIG, vpcCidr: "172.16.0.0/12" }));
        expect(error!.problems.map(p => p.key)).to.deep.equal(["ipPools[0].cidr"]);
        const { error: none } = await attempt(() => new CalicoNetworking("calico", { kubeconfig: MOCK_KUBECONFIG, vpcCidr: "10.0.0.0/16", serviceCidr: "10.96.0.0/12" }));
        expect(none).to.equal(undefined);
    });
});

describe("ClusterAddons against any cluster's provider", () => {
    it("takes the stack config's add-on keys, with the add-on table's defaults", async () => {
        const { resources } = await runProgram(() => new ClusterAddons("addons", { ...cluster, certManagerEnabled: true, metricsServerPort: 4444 }));
        const charts = resources
            .ofType(RELEASE)
            .map(r => r.inputs.chart)
            .sort();
        expect(charts).to.deep.equal(["aws-load-balancer-controller", "cert-manager", "metrics-server"]);
        expect(resources.ofType(RELEASE).find(r => r.inputs.chart === "metrics-server")!.inputs.values.containerPort).to.equal(4444);
        expect(resources.ofType(RELEASE).find(r => r.inputs.chart === "cluster-autoscaler")).to.equal(undefined);
    });

    it("refuses a misspelt key and a host-port clash at once, naming them", async () => {
        const { resources, error } = await attempt(() => new ClusterAddons("addons", { ...cluster, certManagerEnable: true, metricsServerPort: 10250 } as never));
        const keys = error!.problems.map(p => p.key);
        expect(keys).to.include.members(["certManagerEnable", "metricsServerPort"]);
        expect(error!.problems.find(p => p.key === "certManagerEnable")!.fix).to.match(/certManagerEnabled/);
        expect(resources.ofType(RELEASE)).to.have.length(0);
    });
});

describe("CalicoNetworking and ClusterAddons side by side: host ports checked across both", () => {
    it("CalicoNetworking checks its metrics ports against Kubernetes and Calico only (it installs no add-on)", async () => {
        // 8080 is the load balancer controller's metrics port, but this component installs no controller.
        const { error } = await attempt(() => new CalicoNetworking("calico", { kubeconfig: MOCK_KUBECONFIG, calicoMetrics: true, felixMetricsPort: 8080 }));
        expect(error).to.equal(undefined);
        const { error: kubelet } = await attempt(() => new CalicoNetworking("calico", { kubeconfig: MOCK_KUBECONFIG, calicoMetrics: true, felixMetricsPort: 10250 }));
        expect(kubelet!.problems.map(p => p.key)).to.deep.equal(["felixMetricsPort"]);
    });

    it("ClusterAddons given the cluster's Calico refuses an add-on port that Felix's metrics bind", async () => {
        const { error } = await attempt(() => {
            const calico = new CalicoNetworking("calico", { kubeconfig: MOCK_KUBECONFIG, calicoMetrics: true });
            return new ClusterAddons("addons", { ...cluster, metricsServerPort: 9091, calico });
        });
        expect(error).to.be.instanceOf(InClusterArgsError);
        expect(error!.message).to.include('ClusterAddons "addons"');
        expect(error!.problems.map(p => p.message).join("\n")).to.match(/host port TCP\/9091 is bound by both/);
    });

    it("ClusterAddons given a Calico on eBPF knows kube-proxy's ports are free", async () => {
        const bpf = { settings: { version: "v3.31.2", dataplane: "BPF", wireguard: false, metrics: false, felixMetricsPort: 9091, typhaMetricsPort: 9093 } as const };
        const { error } = await attempt(() => new ClusterAddons("addons", { ...cluster, metricsServerPort: 10249, calico: bpf }));
        expect(error).to.equal(undefined);
        const { error: withKubeProxy } = await attempt(() => new ClusterAddons("addons", { ...cluster, metricsServerPort: 10249 }));
        expect(withKubeProxy!.problems.map(p => p.key)).to.deep.equal(["metricsServerPort"]);
    });
});

describe("the problems an argument error holds", () => {
    it("word their fixes for arguments, as the message does (no pulumi config, no npm run plan)", async () => {
        const { error } = await attempt(() => new ClusterAddons("addons", { ...cluster, metricsServerPort: 10250, certManagerValues: { webhook: { hostNetwork: false } } }));
        const fixes = error!.problems.map(p => p.fix);
        expect(fixes).to.have.length(2);
        expect(fixes.join("\n")).to.not.match(/pulumi config|npm run plan/);
        expect(fixes.find(f => f.startsWith("set metricsServerPort to"))).to.match(/the hostPorts output lists the taken ones/);
        expect(fixes).to.include("leave certManagerValues.webhook.hostNetwork out (use certManagerValues for the chart's other values)");
    });
});
