/**
 * The example consumer's in-cluster program (examples/consumer/inClusterPlatform.ts), installed from the packed
 * tarball like a platform team would, run by the real engine against a real API server: CalicoNetworking and
 * ClusterAddons with typed arguments from the package's declarations, through the consumer's own Kubernetes
 * provider, the consumer's own SDK copies, and the aws-node removal's dynamic provider loading its code from
 * the installed package. The stack runs in a child process (the example's own test/upInCluster.ts), so nothing
 * of this repository's SDK or sources is involved.
 */
import { expect } from "chai";
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { projectDir } from "../../automation/stackFiles";
import { referenceChartsDir } from "../support/referenceCharts";
import { AWS_NODE_DAEMONSET, AWS_NODE_PATH, DAEMONSETS_PATH } from "./engineStack";
import { LocalCluster, startLocalCluster } from "./localCluster";
import { HookJobStandIn } from "./nodeStandIns";
import { toolchainBin } from "./toolchain";

const root = projectDir();

function runSync(command: string, args: string[], cwd: string): string {
    const result = spawnSync(command, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    if (result.status !== 0) {
        throw new Error(`${command} ${args.join(" ")} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
    }
    return result.stdout;
}

/** Runs a command without blocking this process (the hook-job stand-in must keep answering meanwhile). */
function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { cwd, env });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", chunk => (stdout += chunk));
        child.stderr.on("data", chunk => (stderr += chunk));
        child.on("error", reject);
        child.on("close", code => (code === 0 ? resolve(stdout) : reject(new Error(`${command} ${args.join(" ")} exited ${code}:\n${stdout}\n${stderr}`))));
    });
}

describe("the example consumer's in-cluster program, from the packed tarball, on the real engine", function () {
    let bin: string;
    let cluster: LocalCluster;
    let hookJobs: HookJobStandIn;
    let work: string;
    let app: string;
    let env: NodeJS.ProcessEnv;

    before(async function () {
        this.timeout(60 * 60_000); // a cold toolchain build takes ~44 minutes on 2 cores
        bin = toolchainBin();
        work = fs.mkdtempSync(path.join(os.tmpdir(), "calico-eks-consumer-"));
        const packed = JSON.parse(runSync("npm", ["pack", "--json", "--pack-destination", work], root));
        app = path.join(work, "app");
        fs.cpSync(path.join(root, "examples", "consumer"), app, { recursive: true, filter: source => !/[\\/](node_modules|bin)$/.test(source) });
        const appPackage = JSON.parse(fs.readFileSync(path.join(app, "package.json"), "utf8"));
        appPackage.dependencies["calico-eks"] = `file:${path.join(work, packed[0].filename)}`;
        // The SDK versions tested here: @pulumi/pulumi must match the CLI the toolchain built.
        const tested = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).devDependencies;
        for (const name of Object.keys(appPackage.dependencies).filter(n => n.startsWith("@pulumi/"))) {
            appPackage.dependencies[name] = tested[name];
        }
        fs.writeFileSync(path.join(app, "package.json"), JSON.stringify(appPackage, null, 2));
        runSync("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], app);
        runSync(process.execPath, [path.join(app, "node_modules", "typescript", "bin", "tsc"), "-p", app], app);

        cluster = await startLocalCluster(bin);
        const seeded = await cluster.request("POST", DAEMONSETS_PATH, AWS_NODE_DAEMONSET);
        expect(seeded.status, seeded.body).to.equal(201);
        hookJobs = new HookJobStandIn(cluster);
        hookJobs.start();
        const kubeconfigFile = path.join(work, "kubeconfig.json");
        fs.writeFileSync(kubeconfigFile, cluster.kubeconfig);
        fs.mkdirSync(path.join(work, "state"));
        env = {
            ...process.env,
            // node ≥ 22 first (the plugins start `node`), the consumer's own dynamic-provider plugin, the built tools.
            PATH: [path.dirname(process.execPath), path.join(app, "node_modules", "@pulumi", "pulumi"), bin, process.env.PATH].join(path.delimiter),
            NODE_PATH: path.join(app, "node_modules"),
            KUBECONFIG_FILE: kubeconfigFile,
            STATE_DIR: path.join(work, "state"),
            PULUMI_CONFIG_PASSPHRASE: "consumer",
            // PulumiCommand.get takes the directory above bin/.
            PULUMI_ROOT: path.dirname(bin),
            CHARTS_DIR: referenceChartsDir(),
            WAIT_FOR_READY: "false",
        };
    });

    after(async function () {
        this.timeout(60_000);
        hookJobs?.stop();
        await cluster?.stop();
        if (work) {
            fs.rmSync(work, { recursive: true, force: true });
        }
    });

    const get = async (apiPath: string) => {
        const response = await cluster.request("GET", apiPath);
        return { status: response.status, body: response.status === 200 ? JSON.parse(response.body) : undefined };
    };

    it("up removes aws-node, installs Calico with the consumer's pools and team, metrics-server, and the app namespace", async function () {
        this.timeout(10 * 60_000);
        const result = JSON.parse(await run(process.execPath, [path.join(app, "bin", "test", "upInCluster.js"), "up"], app, env));
        expect(result.result).to.equal("succeeded");
        expect(result.outputs).to.deep.equal({ calicoVersion: "v3.31.2", appNamespace: "apps", removedAwsNode: true });
        expect((await cluster.request("GET", AWS_NODE_PATH)).status).to.equal(404);

        const installation = (await get("/apis/operator.tigera.io/v1/installations/default")).body;
        expect(installation.spec).to.deep.include({ kubernetesProvider: "EKS", cni: { type: "Calico" } });
        expect(installation.spec.calicoNetwork.ipPools.map((p: any) => [p.name, p.cidr, p.encapsulation, p.natOutgoing, p.assignmentMode ?? "Automatic"])).to.deep.equal([
            ["default-ipv4-ippool", "172.16.0.0/16", "VXLAN", "Enabled", "Automatic"],
            ["payments-pool", "172.20.0.0/20", "VXLAN", "Enabled", "Manual"],
        ]);
        const team = (await get("/api/v1/namespaces/payments")).body;
        expect(team.metadata.annotations["cni.projectcalico.org/ipv4pools"]).to.equal('["payments-pool"]');
        const apps = (await get("/api/v1/namespaces/apps")).body;
        expect(apps.metadata.labels).to.include({ "acme/platform": "apps" });

        const metrics = (await get("/apis/apps/v1/namespaces/kube-system/deployments/metrics-server")).body.spec.template.spec;
        expect(metrics.hostNetwork).to.equal(true);
        expect(metrics.containers[0].ports[0].containerPort).to.equal(4443);
        // Turned off by the consumer's argument.
        expect((await get("/apis/apps/v1/namespaces/kube-system/deployments/aws-load-balancer-controller")).status).to.equal(404);
    });

    it("a second up changes nothing and aws-node stays gone", async function () {
        this.timeout(10 * 60_000);
        const result = JSON.parse(await run(process.execPath, [path.join(app, "bin", "test", "upInCluster.js"), "up"], app, env));
        expect(result.result).to.equal("succeeded");
        // Only unchanged resources: the aws-node removal found nothing to remove, the releases nothing to upgrade.
        expect(Object.keys(result.changes), JSON.stringify(result.changes)).to.deep.equal(["same"]);
        expect((await cluster.request("GET", AWS_NODE_PATH)).status).to.equal(404);
    });

    it("destroy runs the operator's pre-delete hook and leaves none of the consumer's objects", async function () {
        this.timeout(10 * 60_000);
        const result = JSON.parse(await run(process.execPath, [path.join(app, "bin", "test", "upInCluster.js"), "destroy"], app, env));
        expect(result.result).to.equal("succeeded");
        expect(hookJobs.completed, hookJobs.lastError).to.include("tigera-operator/tigera-operator-uninstall");
        for (const apiPath of [
            "/apis/operator.tigera.io/v1/installations/default",
            "/apis/apps/v1/namespaces/kube-system/deployments/metrics-server",
            "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/installations.operator.tigera.io",
        ]) {
            expect((await cluster.request("GET", apiPath)).status, apiPath).to.equal(404);
        }
        // Namespaces go through Terminating; none may be left active.
        for (const ns of ["apps", "payments"]) {
            const left = await get(`/api/v1/namespaces/${ns}`);
            expect(left.status === 404 || left.body.status.phase === "Terminating", ns).to.equal(true);
        }
        expect((await cluster.request("GET", AWS_NODE_PATH)).status).to.equal(404);
    });
});
