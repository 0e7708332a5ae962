/**
 * The real engine against a real API server: the Pulumi CLI built from source, the Automation API with an
 * inline program (the Node.js language runtime runs in this process), the pulumi-nodejs dynamic provider
 * plugin from @pulumi/pulumi, kube-apiserver + etcd on loopback, and the real upstream charts.
 *
 * The API server has no kubelet. Where a chart needs what a node would do, the test plays that part
 * (nodeStandIns.ts), never the program: the load balancer controller's webhook is answered by a stand-in
 * registered as the endpoint of the Service the chart's webhook configuration names, and Helm hook Jobs
 * (tigera-operator's pre-delete cleanup, cert-manager's post-install API check) are marked complete.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as automation from "@pulumi/pulumi/automation";
import { installationSpec, installationValues } from "../../components/calico/installationValues";
import { resolveConfig } from "../../components/stack/resolve";
import { stackFileConfig } from "../../automation/stackFiles";
import { AWS_NODE_DAEMONSET, AWS_NODE_PATH, DAEMONSETS_PATH, engineEnv, engineStack, engineWorkDir } from "./engineStack";
import { inClusterProgram } from "./inClusterProgram";
import { openStack, secret, validateStackConfig } from "../../automation/index";
import { ConfigProblem } from "../../components/config/problems";
import { LocalCluster, loadCalicoCrds, startLocalCluster, unloadCalicoCrds } from "./localCluster";
import { HookJobStandIn, WebhookStandIn } from "./nodeStandIns";
import { kubeRequest } from "../../components/cluster/kubeClient";
import { toolchainBin } from "./toolchain";

describe("in-cluster half against a real API server and the real Pulumi engine", function () {
    let bin: string;
    let cluster: LocalCluster;
    let workDir: string;
    let controllerWebhook: WebhookStandIn;
    let hookJobs: HookJobStandIn;

    before(async function () {
        this.timeout(60 * 60_000); // a cold toolchain build takes ~44 minutes on 2 cores
        bin = toolchainBin();
        cluster = await startLocalCluster(bin);
        workDir = engineWorkDir();
        // Plays the AWS Load Balancer Controller's pods: without an answer to its Service webhook
        // (failurePolicy Fail), every later release that creates a Service would be refused.
        controllerWebhook = new WebhookStandIn(cluster, { namespace: "kube-system", service: "aws-load-balancer-webhook-service", portName: "webhook-server", tlsSecret: "aws-load-balancer-tls" });
        await controllerWebhook.start();
        // Plays the node that runs Helm hook Jobs.
        hookJobs = new HookJobStandIn(cluster);
        hookJobs.start();
    });

    after(async function () {
        this.timeout(60_000);
        hookJobs?.stop();
        await controllerWebhook?.stop().catch(() => undefined);
        await cluster?.stop();
        if (workDir) {
            fs.rmSync(workDir, { recursive: true, force: true });
        }
    });

    const stack = (name: string, config: Record<string, unknown> = {}) => engineStack(bin, workDir, cluster.kubeconfig, name, config);

    async function programResources(s: automation.Stack): Promise<string[]> {
        const state = await s.exportStack();
        return (state.deployment.resources ?? []).map((r: any) => r.type).filter((t: string) => t !== "pulumi:pulumi:Stack" && !t.startsWith("pulumi:providers:"));
    }

    it("the aws-node removal's API client authenticates through an exec credential plugin, as EKS kubeconfigs do", async () => {
        const config = JSON.parse(cluster.kubeconfig);
        const token = config.users[0].user.token;
        // Stands in for `aws eks get-token`: prints an ExecCredential, here with the test token.
        const credential = JSON.stringify({ apiVersion: "client.authentication.k8s.io/v1beta1", kind: "ExecCredential", status: { token } });
        config.users[0].user = {
            exec: {
                apiVersion: "client.authentication.k8s.io/v1beta1",
                command: process.execPath,
                args: ["-e", `process.stdout.write(process.env.CREDENTIAL)`],
                env: [{ name: "CREDENTIAL", value: credential }],
            },
        };
        expect((await kubeRequest(JSON.stringify(config), "GET", "/api/v1/namespaces/kube-system")).status).to.equal(200);
        config.users[0].user.exec.env[0].value = JSON.stringify({ status: { token: "wrong" } });
        expect((await kubeRequest(JSON.stringify(config), "GET", "/api/v1/namespaces/kube-system")).status).to.equal(401);
    });

    describe("the API server validates the Installation with the real Calico CRDs", function () {
        this.timeout(5 * 60_000);
        // The API server itself validates every Installation against Calico's real schema. The CRDs go again
        // afterwards: the program applies them itself, on a cluster that starts without Calico.
        before(() => loadCalicoCrds(cluster));
        after(async function () {
            this.timeout(8 * 60_000);
            await unloadCalicoCrds(cluster);
        });

        it("accepts the Installation the tigera-operator chart renders from our values", async () => {
            const config = resolveConfig({ teams: [{ name: "payments", namespaces: ["payments-api"], cidr: "172.20.0.0/20" }] });
            const spec = installationSpec(installationValues(config.ipPools, config.teams));
            // Not "default": the engine tests below install that one through the chart.
            const created = await cluster.request("POST", "/apis/operator.tigera.io/v1/installations", {
                apiVersion: "operator.tigera.io/v1",
                kind: "Installation",
                metadata: { name: "schema-check" },
                spec,
            });
            expect(created.status, created.body).to.equal(201);
            const stored = JSON.parse((await cluster.request("GET", "/apis/operator.tigera.io/v1/installations/schema-check")).body);
            expect((await cluster.request("DELETE", "/apis/operator.tigera.io/v1/installations/schema-check")).status).to.equal(200);
            expect(stored.spec.cni).to.deep.equal({ type: "Calico" });
            expect(stored.spec.calicoNetwork.bgp).to.equal("Disabled");
            expect(stored.spec.kubernetesProvider).to.equal("EKS");
            expect(stored.spec.calicoNetwork.ipPools.map((p: any) => [p.name, p.cidr, p.encapsulation, p.natOutgoing, p.assignmentMode ?? "Automatic"])).to.deep.equal([
                ["default-ipv4-ippool", "172.16.0.0/16", "VXLAN", "Enabled", "Automatic"],
                ["payments-pool", "172.20.0.0/20", "VXLAN", "Enabled", "Manual"],
            ]);
        });

        it("rejects what Calico would reject: natOutgoing as a boolean, an unknown encapsulation", async () => {
            const spec: any = installationSpec(installationValues(resolveConfig({}).ipPools));
            spec.calicoNetwork.ipPools[0].natOutgoing = true;
            spec.calicoNetwork.ipPools[0].encapsulation = "Geneve";
            const created = await cluster.request("POST", "/apis/operator.tigera.io/v1/installations", {
                apiVersion: "operator.tigera.io/v1",
                kind: "Installation",
                metadata: { name: "rejected" },
                spec,
            });
            expect(created.status).to.equal(422);
            expect(created.body)
                .to.match(/natOutgoing/)
                .and.to.match(/encapsulation/);
        });
    });

    describe("the in-cluster half through the engine", function () {
        this.timeout(10 * 60_000);
        let s: automation.Stack;
        const get = async (apiPath: string) => {
            const response = await cluster.request("GET", apiPath);
            return { status: response.status, body: response.status === 200 ? JSON.parse(response.body) : undefined };
        };
        const podSpec = async (namespace: string, name: string) => (await get(`/apis/apps/v1/namespaces/${namespace}/deployments/${name}`)).body?.spec.template.spec;

        before(async () => {
            const seeded = await cluster.request("POST", DAEMONSETS_PATH, AWS_NODE_DAEMONSET);
            expect(seeded.status, seeded.body).to.equal(201);
            s = await stack("it", {
                teams: [{ name: "payments", namespaces: ["payments-api"], cidr: "172.20.0.0/20" }],
                certManagerEnabled: true,
                // User values, deep-merged over the program's: a new key, and one below a chart default.
                metricsServerValues: { podLabels: { team: "platform" }, resources: { requests: { cpu: "50m" } } },
            });
        });

        it("up removes aws-node, installs Calico and the add-ons, and does not wait for nodes that cannot exist", async () => {
            const started = Date.now();
            const result = await s.up();
            expect(result.summary.result).to.equal("succeeded");
            // No kubelet: nothing ever becomes ready, yet up finished well inside Helm's timeout.
            expect(Date.now() - started).to.be.lessThan(300_000);
            expect(result.outputs.removedOnLastRun.value).to.equal(true);
            expect(result.outputs.podCidrs.value).to.deep.equal(["172.16.0.0/16"]);
            // What Helm installed, read from the release (the local chart source passes no version to Helm).
            expect(result.outputs.calicoVersion.value).to.equal("v3.31.2");
            expect((await cluster.request("GET", AWS_NODE_PATH)).status).to.equal(404);
        });

        it("applied the release's CRDs itself, server-side, and the operator manages none", async () => {
            const crd = (await get("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/installations.operator.tigera.io")).body;
            expect(crd.metadata.managedFields.map((f: any) => f.operation)).to.include("Apply");
            expect((await get("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/ippools.crd.projectcalico.org")).status).to.equal(200);
            const operator = await podSpec("tigera-operator", "tigera-operator");
            expect(operator.containers[0].args).to.deep.equal(["-manage-crds=false"]);
        });

        it("the chart rendered the Installation from the values, and the API server accepted it", async () => {
            const installation = (await get("/apis/operator.tigera.io/v1/installations/default")).body;
            expect(installation.spec).to.deep.include({ kubernetesProvider: "EKS", cni: { type: "Calico" } });
            // The real chart's own default, rendered beside ours.
            expect(installation.spec).to.deep.include({ kubeletVolumePluginPath: "None" });
            expect(installation.spec.calicoNetwork.bgp).to.equal("Disabled");
            // The API server applied the CRD's defaults (disableBGPExport) on top of what the chart rendered.
            const pools = installation.spec.calicoNetwork.ipPools.map(({ disableBGPExport, ...rendered }: any) => {
                expect(disableBGPExport).to.equal(false);
                return rendered;
            });
            expect(pools).to.deep.equal([
                { name: "default-ipv4-ippool", cidr: "172.16.0.0/16", blockSize: 26, encapsulation: "VXLAN", natOutgoing: "Enabled", nodeSelector: "all()" },
                { name: "payments-pool", cidr: "172.20.0.0/20", blockSize: 26, encapsulation: "VXLAN", natOutgoing: "Enabled", nodeSelector: "all()", assignmentMode: "Manual" },
            ]);
            const operator = await podSpec("tigera-operator", "tigera-operator");
            expect(operator).to.include({ hostNetwork: true, dnsPolicy: "ClusterFirstWithHostNet" });
            // The chart's other custom resources: the Calico API server, Goldmane and Whisker.
            for (const kind of ["apiservers", "goldmanes", "whiskers"]) {
                expect((await get(`/apis/operator.tigera.io/v1/${kind}/default`)).status, kind).to.equal(200);
            }
        });

        it("the team's namespace draws only from the team's pool", async () => {
            const namespace = (await get("/api/v1/namespaces/payments-api")).body;
            expect(namespace.metadata.annotations["cni.projectcalico.org/ipv4pools"]).to.equal('["payments-pool"]');
        });

        it("the add-ons the control plane calls run on the host network, off the kubelet's port", async () => {
            const lbc = await podSpec("kube-system", "aws-load-balancer-controller");
            expect(lbc).to.include({ hostNetwork: true, dnsPolicy: "ClusterFirstWithHostNet" });
            expect(lbc.containers[0].args).to.include.members(["--cluster-name=calico-eks", "--aws-vpc-id=vpc-0123456789abcdef0", "--webhook-bind-port=9443"]);
            // instance is the controller's default target type: the chart renders the flag only for ip.
            expect(lbc.containers[0].args.join(" ")).to.not.include("--default-target-type=ip");
            expect(lbc.containers[0].ports.find((p: any) => p.name === "webhook-server").containerPort).to.equal(9443);
            // Its webhooks name the Service whose target is that port.
            const mutating = (await get("/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/aws-load-balancer-webhook")).body;
            const serviceWebhook = mutating.webhooks.find((w: any) => w.name === "mservice.elbv2.k8s.aws");
            expect(serviceWebhook.clientConfig.service).to.include({ name: "aws-load-balancer-webhook-service", namespace: "kube-system" });
            expect(["Fail", "Ignore"]).to.include(serviceWebhook.failurePolicy);
            // The Services of the releases after the controller's were admitted because the stand-in answered
            // (unless the chart's values narrow the webhook to labelled Services).
            if (serviceWebhook.failurePolicy === "Fail" && !serviceWebhook.objectSelector?.matchLabels) {
                expect(controllerWebhook.reviews).to.include("services/CREATE");
            }
            const validating = (await get("/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/aws-load-balancer-webhook")).body;
            expect(validating.webhooks.map((w: any) => w.name)).to.include("vingress.elbv2.k8s.aws");
            const service = (await get("/api/v1/namespaces/kube-system/services/aws-load-balancer-webhook-service")).body;
            expect(service.spec.ports[0]).to.include({ port: 443, targetPort: "webhook-server" });
            expect(lbc.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey).to.equal("kubernetes.io/hostname");
            const sa = (await get("/api/v1/namespaces/kube-system/serviceaccounts/aws-load-balancer-controller")).body;
            expect(sa.metadata.annotations["eks.amazonaws.com/role-arn"]).to.equal("arn:aws:iam::123456789012:role/test-lbc");
            const metrics = await podSpec("kube-system", "metrics-server");
            expect(metrics.hostNetwork).to.equal(true);
            expect(metrics.containers[0].ports[0].containerPort).to.equal(4443);
            expect(metrics.containers[0].args).to.include("--secure-port=4443");
            // The user's values reached the chart, merged (the chart's memory request kept), beside the host network.
            const metricsTemplate = (await get("/apis/apps/v1/namespaces/kube-system/deployments/metrics-server")).body.spec.template;
            expect(metricsTemplate.metadata.labels).to.include({ team: "platform" });
            expect(metricsTemplate.spec.containers[0].resources.requests).to.deep.equal({ cpu: "50m", memory: "200Mi" });
            const webhook = await podSpec("cert-manager", "cert-manager-webhook");
            expect(webhook.hostNetwork).to.equal(true);
            expect(webhook.containers[0].ports[0].containerPort).to.equal(10260);
            expect(webhook.containers[0].args).to.include("--secure-port=10260");
        });

        it("a second up changes nothing", async () => {
            await s.preview({ expectNoChanges: true });
            const result = await s.up();
            expect(Object.keys(result.summary.resourceChanges ?? {})).to.deep.equal(["same"]);
        });

        it("removes aws-node again when it comes back, and only then reports a change", async () => {
            expect((await cluster.request("POST", DAEMONSETS_PATH, AWS_NODE_DAEMONSET)).status).to.equal(201);
            const preview = await s.preview();
            expect(preview.changeSummary).to.include({ update: 1 });
            const result = await s.up();
            expect(result.summary.resourceChanges).to.include({ update: 1 });
            expect((await cluster.request("GET", AWS_NODE_PATH)).status).to.equal(404);
        });

        it("destroy succeeds, leaves none of the program's objects and does not bring the VPC CNI back", async () => {
            const started = Date.now();
            const result = await s.destroy();
            expect(result.summary.result).to.equal("succeeded");
            // The operator chart's pre-delete cleanup ran (played by the test) instead of waiting for Helm's timeout.
            expect(hookJobs.completed, hookJobs.lastError).to.include("tigera-operator/tigera-operator-uninstall");
            expect(Date.now() - started).to.be.lessThan(300_000);
            expect(await programResources(s)).to.deep.equal([]);
            expect((await cluster.request("GET", AWS_NODE_PATH)).status).to.equal(404);
            for (const apiPath of [
                "/apis/operator.tigera.io/v1/installations/default",
                "/apis/apps/v1/namespaces/tigera-operator/deployments/tigera-operator",
                "/apis/apps/v1/namespaces/kube-system/deployments/aws-load-balancer-controller",
                "/apis/apps/v1/namespaces/kube-system/deployments/metrics-server",
                "/apis/apps/v1/namespaces/cert-manager/deployments/cert-manager-webhook",
                "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/installations.operator.tigera.io",
                "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/ippools.crd.projectcalico.org",
                "/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/aws-load-balancer-webhook",
            ]) {
                expect((await cluster.request("GET", apiPath)).status, apiPath).to.equal(404);
            }
            // Helm's release records are gone too.
            const releases = (await get("/api/v1/secrets?labelSelector=owner%3Dhelm")).body.items;
            expect(releases).to.deep.equal([]);
            // Namespaces go once the namespace controller has emptied them.
            for (let i = 0; i < 240 && (await cluster.request("GET", "/api/v1/namespaces/payments-api")).status !== 404; i++) {
                await new Promise(r => setTimeout(r, 250));
            }
            expect((await cluster.request("GET", "/api/v1/namespaces/payments-api")).status).to.equal(404);
        });
    });

    describe("the Automation API module on the real engine", function () {
        this.timeout(10 * 60_000);

        it("deploys, previews with no changes, reads the same outputs and destroys", async () => {
            const seeded = await cluster.request("POST", DAEMONSETS_PATH, AWS_NODE_DAEMONSET);
            expect(seeded.status, seeded.body).to.equal(201);
            const lines: string[] = [];
            const stack = await openStack({
                stackName: "it-module",
                workDir,
                // A declared array key and a structured key: the CLI checks and stores both as structured values.
                config: { ipPools: [{ cidr: "172.18.0.0/16" }], publicAccessCidrs: ["198.51.7.0/24"], externalDnsDomainFilters: secret(["internal.example.com"]) },
                providerConfig: { "test:kubeconfig": secret(cluster.kubeconfig) },
                backendUrl: `file://${path.join(workDir, "module-state")}`,
                pulumiPath: path.join(bin, "pulumi"),
                passphrase: "module",
                envVars: engineEnv(bin),
                program: inClusterProgram,
            });
            const up = await stack.up({ onOutput: line => lines.push(line) });
            expect(up.summary.result).to.equal("succeeded");
            expect(lines.join("")).to.match(/aws-node-removal/);
            expect(await stack.stack.getConfig("calico-eks:publicAccessCidrs")).to.deep.include({ value: '["198.51.7.0/24"]', secret: false });
            expect(await stack.stack.getConfig("calico-eks:externalDnsDomainFilters[0]", true)).to.deep.include({ value: "internal.example.com", secret: true });
            expect(fs.readFileSync(path.join(workDir, "Pulumi.it-module.yaml"), "utf8")).to.match(/calico-eks:publicAccessCidrs:\n\s+- 198\.51\.7\.0\/24/);
            expect(await stack.outputs()).to.deep.equal({ podCidrs: ["172.18.0.0/16"], removedOnLastRun: true, calicoVersion: "v3.31.2" });
            expect((await cluster.request("GET", AWS_NODE_PATH)).status).to.equal(404);
            await stack.preview({ expectNoChanges: true });
            // The kubeconfig went in as a secret: the state at rest holds it only encrypted.
            const token = JSON.parse(cluster.kubeconfig).users[0].user.token;
            const stateFiles = fs.readdirSync(path.join(workDir, "module-state"), { recursive: true, encoding: "utf8" }).filter(f => f.endsWith(".json"));
            expect(stateFiles.some(f => f.includes("it-module"))).to.equal(true);
            for (const file of stateFiles) {
                expect(fs.readFileSync(path.join(workDir, "module-state", file), "utf8"), file).to.not.include(token);
            }
            await stack.destroy();
            expect(await programResources(stack.stack)).to.deep.equal([]);
        });
    });

    describe("a stack with secret values on the real engine", function () {
        this.timeout(10 * 60_000);

        it("round-trips: created with secrets, reopened by a new openStack call, planned, deployed, read and destroyed", async () => {
            const options = {
                stackName: "it-secrets",
                workDir,
                backendUrl: `file://${path.join(workDir, "secrets-state")}`,
                pulumiPath: path.join(bin, "pulumi"),
                passphrase: "secrets",
                envVars: engineEnv(bin),
                program: inClusterProgram,
            };
            await openStack({
                ...options,
                config: { ipPools: [{ cidr: "172.19.0.0/16" }], clusterName: secret("secret-cluster"), externalDnsDomainFilters: secret(["internal.example.com"]) },
                providerConfig: { "test:kubeconfig": secret(cluster.kubeconfig) },
            });
            const file = fs.readFileSync(path.join(workDir, "Pulumi.it-secrets.yaml"), "utf8");
            expect(file).to.match(/calico-eks:clusterName:\n\s+secure: v1:/);
            expect(file).to.match(/calico-eks:externalDnsDomainFilters:\n\s+- secure: v1:/);
            expect(file).to.not.include("secret-cluster");
            // The plan reads the stack file without the CLI: the secrets are there, opaque, and said to be.
            const warnings: ConfigProblem[] = [];
            validateStackConfig({ stackName: "it-secrets", workDir }, warnings);
            expect(warnings.map(w => w.key).sort()).to.deep.equal(["clusterName", "externalDnsDomainFilters"]);
            // A new call, as another process of the calling service would make it: the CLI decrypts them.
            const reopened = await openStack(options);
            expect(reopened.config.controlPlane.clusterName).to.equal("secret-cluster");
            expect(reopened.config.addons.externalDns.domainFilters).to.deep.equal(["internal.example.com"]);
            expect((await reopened.up()).summary.result).to.equal("succeeded");
            expect((await reopened.outputs()).podCidrs).to.deep.equal(["172.19.0.0/16"]);
            await reopened.preview({ expectNoChanges: true });
            // The wrong passphrase cannot open it, and the failed call changes nothing.
            const wrong = await openStack({ ...options, passphrase: "not-it" }).catch(err => err);
            expect(String(wrong.message)).to.match(/passphrase|decrypt/i);
            expect(fs.readFileSync(path.join(workDir, "Pulumi.it-secrets.yaml"), "utf8")).to.equal(file);
            await reopened.destroy();
            expect(await programResources(reopened.stack)).to.deep.equal([]);
        });
    });

    describe("the project's config declarations under the real CLI", function () {
        this.timeout(5 * 60_000);

        for (const example of ["dev", "staging"]) {
            it(`accepts the ${example} stack's config`, async () => {
                const s = await stack(`it-${example}`, stackFileConfig(example).project);
                const preview = await s.preview();
                expect(Object.keys(preview.changeSummary ?? {})).to.deep.equal(["create"]);
            });
        }

        it("rejects a value of the wrong declared type before the program runs", async () => {
            const s = await stack("it-typed", { availabilityZoneCount: "three" });
            let message = "";
            try {
                await s.preview();
            } catch (err) {
                message = String((err as Error).message);
            }
            expect(message).to.match(/availabilityZoneCount.*integer/i);
        });
    });

    describe("bad config", function () {
        this.timeout(5 * 60_000);

        it("fails with the validation message and creates nothing", async () => {
            const s = await stack("it-bad", { ipPools: [{ cidr: "172.16.0.0/16", encapsulation: "IPIP" }] });
            let message = "";
            try {
                await s.up();
            } catch (err) {
                message = String((err as Error).message);
            }
            expect(message).to.include("calico-eks:ipPools[0].encapsulation: IPIP encapsulation needs BGP");
            expect(await programResources(s)).to.deep.equal([]);
        });
    });
});
