/**
 * The eBPF dataplane on the real engine and a real API server, with the real tigera-operator charts: what the
 * Installation, the kubernetes-services-endpoint ConfigMap and the operator's pod DNS hold under BPF, at a
 * v3.31 chart (fixed dnsPolicy, dnsConfig only) and after the upgrade to v3.32.1 (dnsPolicy None), a second
 * `up` changing nothing each time, and the way back to Iptables. Add-ons are off: this is about Calico alone.
 * The kube-proxy managed add-on is an AWS resource and is covered under mocks (tests/unit/dataplane.test.ts).
 *
 * No kubelet here: the test plays the node that runs the operator chart's pre-delete hook Job (nodeStandIns.ts).
 */
import { expect } from "chai";
import { useEngineFixture } from "./engineFixture";
import * as automation from "@pulumi/pulumi/automation";

const ENDPOINT_CONFIGMAP = "/api/v1/namespaces/tigera-operator/configmaps/kubernetes-services-endpoint";
const OPERATOR = "/apis/apps/v1/namespaces/tigera-operator/deployments/tigera-operator";
const INSTALLATION = "/apis/operator.tigera.io/v1/installations/default";

describe("Calico's eBPF dataplane (real engine, real API server, real charts)", function () {
    this.timeout(10 * 60_000);
    const engine = useEngineFixture();
    let s: automation.Stack;
    /** The API server as the kubeconfig names it: what Calico must reach without kube-proxy. */
    let server: URL;

    before(async function () {
        server = new URL(JSON.parse(engine.cluster.kubeconfig).clusters[0].cluster.server);
        s = await engine.stack("it-dataplane", {
            loadBalancerControllerEnabled: false,
            metricsServerEnabled: false,
            calicoVersion: "v3.31.7",
            dataplane: "BPF",
        });
    });

    const operatorPod = async () => (await engine.get(OPERATOR)).body.spec.template.spec;
    const expectNoChangeOnSecondUp = async () => {
        await s.preview({ expectNoChanges: true });
        const again = await s.up();
        expect(Object.keys(again.summary.resourceChanges ?? {})).to.deep.equal(["same"]);
    };
    const up = async () => {
        const result = await s.up();
        expect(result.summary.result).to.equal("succeeded");
        return result;
    };

    it("v3.31.7 under BPF: the Installation's dataplane, the endpoint ConfigMap, the operator's resolver after cluster DNS", async () => {
        await up();
        const installation = (await engine.get(INSTALLATION)).body.spec;
        expect(installation.calicoNetwork).to.deep.include({ linuxDataplane: "BPF", bgp: "Disabled" });
        expect(installation.cni).to.deep.equal({ type: "Calico" });
        const endpoint = await engine.get(ENDPOINT_CONFIGMAP);
        expect(endpoint.status).to.equal(200);
        expect(endpoint.body.data).to.deep.equal({ KUBERNETES_SERVICE_HOST: server.hostname, KUBERNETES_SERVICE_PORT: server.port || "443" });
        const pod = await operatorPod();
        // The operator reads the ConfigMap as its environment (the chart's envFrom), on the host network.
        expect(pod.containers[0].envFrom).to.deep.include({ configMapRef: { name: "kubernetes-services-endpoint", optional: true } });
        expect(pod.hostNetwork).to.equal(true);
        // v3.31's chart fixes the policy: the VPC resolver comes after cluster DNS, with a 1 s timeout.
        expect(pod.dnsPolicy).to.equal("ClusterFirstWithHostNet");
        expect(pod.dnsConfig).to.deep.equal({ nameservers: ["169.254.169.253"], options: [{ name: "timeout", value: "1" }] });
        await expectNoChangeOnSecondUp();
    });

    it("refuses a dataplane switch together with a Calico upgrade, before anything changes", async () => {
        await s.setConfig("calico-eks:dataplane", { value: "Iptables" });
        await s.setConfig("calico-eks:calicoVersion", { value: "v3.32.1" });
        let message = "";
        try {
            await s.up();
        } catch (err) {
            message = String((err as Error).message);
        }
        expect(message).to.include("calico-eks:dataplane: this up would switch the dataplane from BPF to Iptables and Calico from v3.31.7 to v3.32.1 at once");
        expect(message).to.include("Fix: one at a time: pulumi config set 'dataplane' BPF && pulumi up (the upgrade to v3.32.1)");
        // Nothing changed: still v3.31.7's operator, still BPF.
        expect((await engine.get(INSTALLATION)).body.spec.calicoNetwork.linuxDataplane).to.equal("BPF");
        expect((await operatorPod()).containers[0].image).to.match(/operator:v1\.40\.15$/);
        await s.setConfig("calico-eks:dataplane", { value: "BPF" });
    });

    it("v3.31.7 → v3.32.1 under BPF: the operator resolves through the VPC resolver alone (dnsPolicy None)", async () => {
        await s.setConfig("calico-eks:calicoVersion", { value: "v3.32.1" });
        const result = await up();
        expect(result.outputs.calicoVersion.value).to.equal("v3.32.1");
        expect((await engine.get(INSTALLATION)).body.spec.calicoNetwork.linuxDataplane).to.equal("BPF");
        expect((await engine.get(ENDPOINT_CONFIGMAP)).body.data.KUBERNETES_SERVICE_HOST).to.equal(server.hostname);
        const pod = await operatorPod();
        expect(pod.dnsPolicy).to.equal("None");
        expect(pod.dnsConfig).to.deep.equal({ nameservers: ["169.254.169.253"] });
        await expectNoChangeOnSecondUp();
    });

    it("BPF → Iptables: the dataplane, the ConfigMap and the operator's DNS go back to the chart's defaults", async () => {
        await s.setConfig("calico-eks:dataplane", { value: "Iptables" });
        await up();
        // No operator runs here to write its default back; on a cluster it reads the absent field as Iptables.
        expect((await engine.get(INSTALLATION)).body.spec.calicoNetwork).to.not.have.property("linuxDataplane");
        expect((await engine.get(ENDPOINT_CONFIGMAP)).status).to.equal(404);
        const pod = await operatorPod();
        expect(pod.dnsPolicy).to.equal("ClusterFirstWithHostNet");
        expect(pod).to.not.have.property("dnsConfig");
        await expectNoChangeOnSecondUp();
    });

    it("Iptables → BPF on a running cluster in one up", async () => {
        await s.setConfig("calico-eks:dataplane", { value: "BPF" });
        await up();
        expect((await engine.get(INSTALLATION)).body.spec.calicoNetwork.linuxDataplane).to.equal("BPF");
        expect((await engine.get(ENDPOINT_CONFIGMAP)).status).to.equal(200);
        await expectNoChangeOnSecondUp();
    });

    it("destroy removes the release and its ConfigMap", async () => {
        const result = await s.destroy();
        expect(result.summary.result).to.equal("succeeded");
        expect((await engine.get(ENDPOINT_CONFIGMAP)).status).to.equal(404);
        expect((await engine.get(OPERATOR)).status).to.equal(404);
    });
});
