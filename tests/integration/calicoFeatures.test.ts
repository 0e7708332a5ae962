/**
 * WireGuard (`wireguard`) and Felix/Typha metrics (`calicoMetrics`) on the real engine, against a real API
 * server with the real tigera-operator chart and Calico CRDs (as inCluster.test.ts: no kubelet, no operator).
 *
 * What the test plays, never the program:
 * - the tigera-operator's writes to FelixConfiguration `default` (healthPort, vxlanVNI, vxlanPort, as its core
 *   controller merges them in with an update under the field manager "operator") and its creation of the
 *   `calico-system` namespace;
 * - the Prometheus Operator's ServiceMonitor CRD (a minimal stand-in of `servicemonitors.monitoring.coreos.com`:
 *   the program only needs the API server to serve the kind);
 * - Helm hook Jobs (tigera-operator's pre-delete cleanup), marked complete as a node would run them.
 */
import { expect } from "chai";
import { useEngineFixture } from "./engineFixture";
import * as automation from "@pulumi/pulumi/automation";
import { WIREGUARD_FIELD_MANAGER } from "../../components/calico/wireguard";

const FELIX_DEFAULT = "/apis/crd.projectcalico.org/v1/felixconfigurations/default";
const SERVICE_MONITOR_CRD = {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "servicemonitors.monitoring.coreos.com" },
    spec: {
        group: "monitoring.coreos.com",
        scope: "Namespaced",
        names: { plural: "servicemonitors", singular: "servicemonitor", kind: "ServiceMonitor", listKind: "ServiceMonitorList" },
        versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object", "x-kubernetes-preserve-unknown-fields": true } } }],
    },
};

describe("WireGuard and Calico metrics against a real API server and the real Pulumi engine", function () {
    this.timeout(15 * 60_000);
    const engine = useEngineFixture();
    let s: automation.Stack;

    // The add-ons are off: they are not what this file tests, and without them no webhook stand-in is needed.
    const base = { loadBalancerControllerEnabled: false, metricsServerEnabled: false };

    before(async function () {
        s = await engine.stack("it-features", { ...base, wireguard: true, calicoMetrics: true });
    });

    it("up renders the metrics ports into the Installation and turns WireGuard on before any node exists", async () => {
        const result = await s.up();
        expect(result.summary.result).to.equal("succeeded");
        const installation = (await engine.get("/apis/operator.tigera.io/v1/installations/default")).body;
        expect(installation.spec).to.deep.include({ nodeMetricsPort: 9091, typhaMetricsPort: 9093 });
        const felix = (await engine.get(FELIX_DEFAULT)).body;
        expect(felix.spec).to.deep.equal({ wireguardEnabled: true });
        const ours = felix.metadata.managedFields.filter((f: any) => f.manager === WIREGUARD_FIELD_MANAGER);
        expect(ours.map((f: any) => f.operation)).to.deep.equal(["Apply"]);
        // Of the spec, that one field; beside it only the two annotations Pulumi's Patch resources write.
        expect(ours[0].fieldsV1).to.deep.equal({
            "f:spec": { "f:wireguardEnabled": {} },
            "f:metadata": { "f:annotations": { "f:pulumi.com/patchFieldManager": {}, "f:pulumi.com/patchForce": {} } },
        });
        // No Prometheus Operator here: no ServiceMonitor CRD, so nothing was applied for it.
        expect(result.outputs.serviceMonitorsApplied.value).to.equal(false);
        expect((await engine.get("/api/v1/namespaces/calico-system/services/calico-felix-metrics")).status).to.equal(404);
    });

    it("keeps the operator's fields of FelixConfiguration default, and a second up changes nothing", async () => {
        // Plays the operator's core controller: it reads `default` and merges its own fields in.
        const felix = (await engine.get(FELIX_DEFAULT)).body;
        felix.spec = { ...felix.spec, healthPort: 9099, vxlanVNI: 4096, vxlanPort: 4789 };
        const updated = await engine.cluster.request("PUT", `${FELIX_DEFAULT}?fieldManager=operator`, felix);
        expect(updated.status, updated.body).to.equal(200);
        await s.preview({ expectNoChanges: true });
        const result = await s.up();
        expect(Object.keys(result.summary.resourceChanges ?? {})).to.deep.equal(["same"]);
        expect((await engine.get(FELIX_DEFAULT)).body.spec).to.deep.equal({ wireguardEnabled: true, healthPort: 9099, vxlanVNI: 4096, vxlanPort: 4789 });
    });

    it("a value set by hand is taken back by the next up", async () => {
        const felix = (await engine.get(FELIX_DEFAULT)).body;
        felix.spec.wireguardEnabled = false;
        expect((await engine.cluster.request("PUT", `${FELIX_DEFAULT}?fieldManager=kubectl-edit`, felix)).status).to.equal(200);
        await s.refresh();
        const preview = await s.preview();
        expect(preview.changeSummary).to.include({ update: 1 });
        await s.up();
        expect((await engine.get(FELIX_DEFAULT)).body.spec).to.include({ wireguardEnabled: true, healthPort: 9099 });
    });

    it("applies the ServiceMonitors once their CRD exists, and preview says so first", async () => {
        // Plays the operator (calico-system) and the Prometheus Operator's install (the CRD).
        expect((await engine.cluster.request("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "calico-system" } })).status).to.equal(201);
        expect((await engine.cluster.request("POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", SERVICE_MONITOR_CRD)).status).to.equal(201);
        for (let i = 0; i < 80 && (await engine.cluster.request("GET", "/apis/monitoring.coreos.com/v1/servicemonitors")).status !== 200; i++) {
            await new Promise(r => setTimeout(r, 250));
        }
        const preview = await s.preview();
        expect(preview.changeSummary).to.include({ update: 1 });
        const result = await s.up();
        expect(result.outputs.serviceMonitorsApplied.value).to.equal(true);
        const felixMonitor = (await engine.get("/apis/monitoring.coreos.com/v1/namespaces/calico-system/servicemonitors/calico-felix")).body;
        expect(felixMonitor.spec.selector).to.deep.equal({ matchLabels: { "k8s-app": "calico-felix-metrics" } });
        const typhaMonitor = (await engine.get("/apis/monitoring.coreos.com/v1/namespaces/calico-system/servicemonitors/calico-typha")).body;
        expect(typhaMonitor.spec.endpoints[0].port).to.equal("calico-typha-metrics");
        const service = (await engine.get("/api/v1/namespaces/calico-system/services/calico-felix-metrics")).body;
        expect(service.spec.clusterIP).to.equal("None");
        expect(service.spec.selector).to.deep.equal({ "k8s-app": "calico-node" });
        expect(service.spec.ports[0]).to.include({ name: "felix-metrics", port: 9091, targetPort: 9091 });
        await s.preview({ expectNoChanges: true });
        // Deleted behind the program's back: the next preview notices, the next up puts it back.
        expect((await engine.cluster.request("DELETE", "/apis/monitoring.coreos.com/v1/namespaces/calico-system/servicemonitors/calico-typha")).status).to.equal(200);
        expect((await s.preview()).changeSummary).to.include({ update: 1 });
        await s.up();
        expect((await engine.get("/apis/monitoring.coreos.com/v1/namespaces/calico-system/servicemonitors/calico-typha")).status).to.equal(200);
    });

    it("wireguard: false and calicoMetrics: false remove exactly what the program added", async () => {
        await s.setConfig("calico-eks:wireguard", { value: "false" });
        await s.setConfig("calico-eks:calicoMetrics", { value: "false" });
        const result = await s.up();
        expect(result.summary.result).to.equal("succeeded");
        // The object stays, with the operator's fields; the field this program owned is gone (Felix's default: off).
        const felix = (await engine.get(FELIX_DEFAULT)).body;
        expect(felix.spec).to.deep.equal({ healthPort: 9099, vxlanVNI: 4096, vxlanPort: 4789 });
        expect(felix.metadata.managedFields.map((f: any) => f.manager)).to.not.include(WIREGUARD_FIELD_MANAGER);
        const installation = (await engine.get("/apis/operator.tigera.io/v1/installations/default")).body;
        expect(installation.spec).to.not.have.any.keys("nodeMetricsPort", "typhaMetricsPort");
        for (const apiPath of [
            "/apis/monitoring.coreos.com/v1/namespaces/calico-system/servicemonitors/calico-felix",
            "/apis/monitoring.coreos.com/v1/namespaces/calico-system/servicemonitors/calico-typha",
            "/api/v1/namespaces/calico-system/services/calico-felix-metrics",
        ]) {
            expect((await engine.cluster.request("GET", apiPath)).status, apiPath).to.equal(404);
        }
    });

    it("on again, then destroy succeeds", async () => {
        await s.setConfig("calico-eks:wireguard", { value: "true" });
        expect((await s.up()).summary.result).to.equal("succeeded");
        expect((await engine.get(FELIX_DEFAULT)).body.spec).to.include({ wireguardEnabled: true, healthPort: 9099 });
        const result = await s.destroy();
        expect(result.summary.result).to.equal("succeeded");
        expect((await engine.cluster.request("GET", "/apis/operator.tigera.io/v1/installations/default")).status).to.equal(404);
    });
});
