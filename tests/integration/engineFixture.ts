/**
 * What the real-engine test files set up alike: a local API server (localCluster.ts), the stand-in that
 * completes Helm hook Jobs as a node would (nodeStandIns.ts: no kubelet runs here), and a work directory for
 * the engine's state; started before the enclosing describe block's tests, stopped and removed after them.
 */
import * as fs from "fs";
import * as automation from "@pulumi/pulumi/automation";
import { engineStack, engineWorkDir } from "./engineStack";
import { LocalCluster, startLocalCluster } from "./localCluster";
import { HookJobStandIn } from "./nodeStandIns";
import { toolchainBin } from "./toolchain";

export interface EngineFixture {
    /** The built toolchain's bin directory (Pulumi CLI, provider, kube-apiserver, etcd). */
    readonly bin: string;
    readonly cluster: LocalCluster;
    readonly workDir: string;
    readonly hookJobs: HookJobStandIn;
    /** GET on the API server, the body parsed when the object exists. */
    get(apiPath: string): Promise<{ status: number; body: any }>;
    /** A stack of the project's program on this cluster, with the given config. */
    stack(name: string, config?: Record<string, unknown>): Promise<automation.Stack>;
}

/** Registers the before/after hooks in the calling describe block; its fields are set once `before` ran. */
export function useEngineFixture(): EngineFixture {
    const state = {} as { bin: string; cluster: LocalCluster; workDir: string; hookJobs: HookJobStandIn };
    before(async function () {
        // The first file to run may build the toolchain.
        this.timeout(60 * 60_000);
        state.bin = toolchainBin();
        state.cluster = await startLocalCluster(state.bin);
        state.workDir = engineWorkDir();
        state.hookJobs = new HookJobStandIn(state.cluster);
        state.hookJobs.start();
    });
    after(async function () {
        this.timeout(60_000);
        state.hookJobs?.stop();
        await state.cluster?.stop();
        if (state.workDir) {
            fs.rmSync(state.workDir, { recursive: true, force: true });
        }
    });
    return {
        get bin() {
            return state.bin;
        },
        get cluster() {
            return state.cluster;
        },
        get workDir() {
            return state.workDir;
        },
        get hookJobs() {
            return state.hookJobs;
        },
        async get(apiPath: string) {
            const response = await state.cluster.request("GET", apiPath);
            return { status: response.status, body: response.status === 200 ? JSON.parse(response.body) : undefined };
        },
        stack: (name, config = {}) => engineStack(state.bin, state.workDir, state.cluster.kubeconfig, name, config),
    };
}
