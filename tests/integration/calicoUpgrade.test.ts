/**
 * The Calico version lifecycle on the real engine and a real API server, with the real charts:
 * v3.31.2 → v3.31.7 → v3.32.1, each step one `up`. After each, the API server serves the new release's
 * CRDs (the v3.32 CRDs come from the separate CRD chart), the Installation still says what we set, and a
 * second `up` changes nothing. The pre-flight refuses a downgrade and AdminNetworkPolicies on the way to
 * v3.32, before anything changes. Add-ons are off: this is about Calico alone.
 *
 * No kubelet here: the test plays the node that runs the operator chart's pre-delete hook Job (nodeStandIns.ts).
 */
import { expect } from "chai";
import { useEngineFixture } from "./engineFixture";
import * as automation from "@pulumi/pulumi/automation";
import { calicoCrds } from "../support/calicoCrds";

const CRDS_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

describe("Calico version changes on a running cluster (real engine, real API server, real charts)", function () {
    this.timeout(10 * 60_000);
    const engine = useEngineFixture();
    let s: automation.Stack;
    /** The Installation spec fields this program sets, as the first `up` left them. */
    let ours: object;

    before(async function () {
        s = await engine.stack("it-upgrade", { loadBalancerControllerEnabled: false, metricsServerEnabled: false, calicoVersion: "v3.31.2" });
    });

    const installationOurs = async () => {
        const spec = (await engine.get("/apis/operator.tigera.io/v1/installations/default")).body.spec;
        return { kubernetesProvider: spec.kubernetesProvider, cni: spec.cni, bgp: spec.calicoNetwork.bgp, ipPools: spec.calicoNetwork.ipPools.map(({ disableBGPExport: _d, ...pool }: any) => pool) };
    };
    /** Whether the served Installation schema keeps a v3.32-only field (strict field validation refuses unknown ones). */
    const servesClusterRoutingMode = async () => {
        // A dry run, under one of the names v3.32's schema allows besides "default" (which exists).
        const probe = { apiVersion: "operator.tigera.io/v1", kind: "Installation", metadata: { name: "overlay" }, spec: { calicoNetwork: { clusterRoutingMode: "Felix" } } };
        const response = await engine.cluster.request("POST", "/apis/operator.tigera.io/v1/installations?dryRun=All&fieldValidation=Strict", probe);
        expect([201, 400, 422], response.body).to.include(response.status);
        if (response.status !== 201) {
            expect(response.body).to.match(/clusterRoutingMode/);
        }
        return response.status === 201;
    };
    /** Every CRD of the release is served with exactly the release's schema. */
    const expectServedCrdsOf = async (version: string) => {
        for (const [file, crd] of calicoCrds(version)) {
            const served = (await engine.get(`${CRDS_PATH}/${crd.metadata.name}`)).body;
            expect(served, `${file} of ${version}`).to.not.equal(undefined);
            const schemaOf = (c: any) => c.spec.versions.find((v: any) => v.storage).schema.openAPIV3Schema;
            expect(schemaOf(served), `${file} of ${version}`).to.deep.equal(schemaOf(crd));
        }
    };
    const upTo = async (version: string) => {
        await s.setConfig("calico-eks:calicoVersion", { value: version });
        const result = await s.up();
        expect(result.summary.result).to.equal("succeeded");
        expect(result.outputs.calicoVersion.value).to.equal(version);
        return result;
    };
    const expectNoChangeOnSecondUp = async () => {
        await s.preview({ expectNoChanges: true });
        const again = await s.up();
        expect(Object.keys(again.summary.resourceChanges ?? {})).to.deep.equal(["same"]);
    };
    const refusal = async () => {
        try {
            await s.up();
        } catch (err) {
            return String((err as Error).message);
        }
        return "";
    };

    it("up at v3.31.2 applies v3.31.2's CRDs from the operator chart before the operator", async () => {
        const result = await s.up();
        expect(result.outputs.calicoVersion.value).to.equal("v3.31.2");
        await expectServedCrdsOf("v3.31.2");
        expect(await servesClusterRoutingMode()).to.equal(false);
        ours = await installationOurs();
        expect(ours).to.deep.include({ kubernetesProvider: "EKS", cni: { type: "Calico" }, bgp: "Disabled" });
    });

    it("v3.31.2 → v3.31.7: the CRDs are v3.31.7's (Helm alone would have kept v3.31.2's), the Installation unchanged", async () => {
        await upTo("v3.31.7");
        await expectServedCrdsOf("v3.31.7");
        expect(await installationOurs()).to.deep.equal(ours);
        const release = (await engine.get("/apis/apps/v1/namespaces/tigera-operator/deployments/tigera-operator")).body;
        expect(release.spec.template.spec.containers[0].image).to.match(/operator:v1\.40\.15$/);
        await expectNoChangeOnSecondUp();
    });

    it("refuses a downgrade before changing anything", async () => {
        await s.setConfig("calico-eks:calicoVersion", { value: "v3.31.2" });
        const message = await refusal();
        expect(message).to.include("calico-eks:calicoVersion: the cluster runs Calico v3.31.7; going back to v3.31.2 is a downgrade");
        expect(message).to.include("Fix: pulumi config set 'calicoVersion' v3.31.7");
        await expectServedCrdsOf("v3.31.7");
    });

    it("refuses v3.32 while AdminNetworkPolicies or own policies in the allow-tigera tier exist, before changing anything", async () => {
        const anp = { apiVersion: "policy.networking.k8s.io/v1alpha1", kind: "AdminNetworkPolicy", metadata: { name: "deny-legacy" }, spec: { priority: 10, subject: { namespaces: {} } } };
        const created = await engine.cluster.request("POST", "/apis/policy.networking.k8s.io/v1alpha1/adminnetworkpolicies", anp);
        expect(created.status, created.body).to.equal(201);
        // A policy of the user's in the operator's tier (the operator's own carry an owner reference to its objects).
        const gnp = {
            apiVersion: "crd.projectcalico.org/v1",
            kind: "GlobalNetworkPolicy",
            metadata: { name: "allow-tigera.allow-vault" },
            spec: { tier: "allow-tigera", order: 100, selector: "all()", types: ["Ingress"] },
        };
        const placed = await engine.cluster.request("POST", "/apis/crd.projectcalico.org/v1/globalnetworkpolicies", gnp);
        expect(placed.status, placed.body).to.equal(201);
        await s.setConfig("calico-eks:calicoVersion", { value: "v3.32.1" });
        const message = await refusal();
        expect(message).to.match(/calico-eks:calicoVersion: Calico v3\.32\.1 drops AdminNetworkPolicy and BaselineAdminNetworkPolicy support.*AdminNetworkPolicy deny-legacy/);
        expect(message).to.include("ClusterNetworkPolicy");
        expect(message).to.match(/renames the operator's "allow-tigera" tier to "calico-system".*allow-tigera\.allow-vault/);
        await expectServedCrdsOf("v3.31.7");
        expect((await engine.cluster.request("DELETE", "/apis/policy.networking.k8s.io/v1alpha1/adminnetworkpolicies/deny-legacy")).status).to.equal(200);
        expect((await engine.cluster.request("DELETE", "/apis/crd.projectcalico.org/v1/globalnetworkpolicies/allow-tigera.allow-vault")).status).to.equal(200);
    });

    it("v3.31.7 → v3.32.1: the CRDs come from the CRD chart and serve v3.32's schema, the Installation unchanged", async () => {
        await upTo("v3.32.1");
        await expectServedCrdsOf("v3.32.1");
        expect(await servesClusterRoutingMode()).to.equal(true);
        // v3.32 dropped AdminNetworkPolicy support: its CRDs went with the upgrade.
        expect((await engine.get(`${CRDS_PATH}/adminnetworkpolicies.policy.networking.k8s.io`)).status).to.equal(404);
        expect(await installationOurs()).to.deep.equal(ours);
        await expectNoChangeOnSecondUp();
    });

    it("destroy leaves no Calico object, CRD or Helm record", async () => {
        const result = await s.destroy();
        expect(result.summary.result).to.equal("succeeded");
        for (const crd of calicoCrds("v3.32.1").values()) {
            expect((await engine.get(`${CRDS_PATH}/${crd.metadata.name}`)).status, crd.metadata.name).to.equal(404);
        }
        expect((await engine.get("/api/v1/secrets?labelSelector=owner%3Dhelm")).body.items).to.deep.equal([]);
        expect((await engine.get("/apis/apps/v1/namespaces/tigera-operator/deployments/tigera-operator")).status).to.equal(404);
    });
});
