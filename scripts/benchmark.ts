/**
 * Prints how long things take on this machine: first the everyday command, a warm `npm run plan -- --stack dev`
 * (bin/ up to date), against a bare `node -e ''` start; then the real-engine path: the toolchain build (warm
 * always; cold with --cold, which rebuilds everything from an empty Go build cache and takes a quarter of an hour
 * on 2 cores), then `up`, a no-change `up` and `destroy` of the in-cluster program (aws-node removal, Calico CRDs
 * and release, add-on releases, all from the real upstream charts) against a local API server, and each step of
 * the Calico upgrade v3.31.2 → v3.31.7 → v3.32.1. The test's stand-ins play the nodes (webhook, hook Jobs).
 * Figures only; nothing here asserts a time.
 *
 *   npm run benchmark [-- --cold] [-- --plan-only]
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { projectDir } from "../automation/stackFiles";
import { AWS_NODE_DAEMONSET, DAEMONSETS_PATH, engineStack, engineWorkDir } from "../tests/integration/engineStack";
import { startLocalCluster } from "../tests/integration/localCluster";
import { HookJobStandIn, WebhookStandIn } from "../tests/integration/nodeStandIns";

async function seconds<T>(label: string, work: () => Promise<T> | T): Promise<T> {
    const start = process.hrtime.bigint();
    const result = await work();
    console.log(`${label.padEnd(34)} ${(Number(process.hrtime.bigint() - start) / 1e9).toFixed(1).padStart(7)} s`);
    return result;
}

/** Median wall time of a command, in seconds, over a few runs (the machine may be busy with other work). */
function medianSeconds(command: string, args: string[], runs: number): number {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
        const start = process.hrtime.bigint();
        const result = spawnSync(command, args, { cwd: projectDir(), stdio: "ignore", shell: process.platform === "win32" && !path.isAbsolute(command) });
        if (result.status !== 0) {
            throw new Error(`${command} ${args.join(" ")} failed (exit ${result.status})`);
        }
        times.push(Number(process.hrtime.bigint() - start) / 1e9);
    }
    return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

/** `npm run plan -- --stack dev` as a user types it: the npm running this benchmark, else npm from PATH. */
function timePlanCommand(runs = 5): void {
    const npmCli = process.env.npm_execpath;
    const [npm, npmArgs] = npmCli && /\.c?js$/.test(npmCli) ? [process.env.npm_node_execpath ?? process.execPath, [npmCli]] : ["npm", []];
    const plan = [...npmArgs, "run", "plan", "--silent", "--", "--stack", "dev"];
    medianSeconds(npm, plan, 1); // brings bin/ up to date: warm from here on
    const planSeconds = medianSeconds(npm, plan, runs);
    const nodeSeconds = medianSeconds(process.execPath, ["-e", ""], runs);
    console.log(`${"npm run plan -- --stack dev, warm".padEnd(34)} ${planSeconds.toFixed(2).padStart(7)} s  (median of ${runs})`);
    console.log(`${"node -e ''".padEnd(34)} ${nodeSeconds.toFixed(2).padStart(7)} s  (plan = ${(planSeconds / nodeSeconds).toFixed(1)} x a bare Node.js start)`);
}

function buildToolchain(env: NodeJS.ProcessEnv = process.env): string {
    const result = spawnSync("bash", [path.join(projectDir(), "tools", "toolchain", "build.sh")], { env, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
    if (result.status !== 0) {
        throw new Error("toolchain build failed");
    }
    return result.stdout.trim().split("\n").pop()!;
}

async function main(): Promise<void> {
    console.log(`calico-eks benchmark: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, load ${os.loadavg()[0].toFixed(1)}`);
    timePlanCommand();
    if (process.argv.includes("--plan-only")) {
        return;
    }
    if (process.argv.includes("--cold")) {
        const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "calico-eks-cold-"));
        try {
            await seconds("toolchain build, cold", () => buildToolchain({ ...process.env, CALICO_EKS_TOOLCHAIN_DIR: path.join(scratch, "toolchain"), GOCACHE: path.join(scratch, "gocache") }));
        } finally {
            fs.rmSync(scratch, { recursive: true, force: true });
        }
    }
    const bin = await seconds("toolchain build, warm", () => buildToolchain());
    const cluster = await seconds("start etcd + kube-apiserver", () => startLocalCluster(bin));
    const workDir = engineWorkDir();
    const controllerWebhook = new WebhookStandIn(cluster, { namespace: "kube-system", service: "aws-load-balancer-webhook-service", portName: "webhook-server", tlsSecret: "aws-load-balancer-tls" });
    const hookJobs = new HookJobStandIn(cluster);
    try {
        await controllerWebhook.start();
        hookJobs.start();
        await cluster.request("POST", DAEMONSETS_PATH, AWS_NODE_DAEMONSET);
        const stack = await engineStack(bin, workDir, cluster.kubeconfig, "benchmark");
        await seconds("up (aws-node, Calico, add-ons)", () => stack.up());
        await seconds("up, no changes", () => stack.up());
        await seconds("preview --expect-no-changes", () => stack.preview({ expectNoChanges: true }));
        await seconds("destroy", () => stack.destroy());
        const upgrade = await engineStack(bin, workDir, cluster.kubeconfig, "benchmark-upgrade", { loadBalancerControllerEnabled: false, metricsServerEnabled: false });
        for (const version of ["v3.31.2", "v3.31.7", "v3.32.1"]) {
            await upgrade.setConfig("calico-eks:calicoVersion", { value: version });
            await seconds(`up at Calico ${version}`, () => upgrade.up());
        }
        await seconds("destroy (Calico v3.32.1)", () => upgrade.destroy());
    } finally {
        hookJobs.stop();
        await controllerWebhook.stop().catch(() => undefined);
        await cluster.stop();
        fs.rmSync(workDir, { recursive: true, force: true });
    }
}

main().catch(err => {
    console.error(err);
    process.exitCode = 1;
});
