/**
 * The real tools the integration tests run: built from the Go module proxy by tools/toolchain/build.sh
 * into a cache outside the repository (seconds when warm; see tools/toolchain/README.md).
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { projectDir } from "../../automation/stackFiles";

let cached: string | undefined;

/**
 * Directory holding pulumi, kube-apiserver, kube-controller-manager and etcd: CALICO_EKS_TOOLCHAIN_BIN when set
 * (tools built or installed elsewhere), else the output of build.sh.
 */
export function toolchainBin(): string {
    if (!cached && process.env.CALICO_EKS_TOOLCHAIN_BIN) {
        cached = process.env.CALICO_EKS_TOOLCHAIN_BIN;
    }
    if (!cached) {
        const script = path.join(projectDir(), "tools", "toolchain", "build.sh");
        const result = spawnSync("bash", [script], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
        if (result.status !== 0) {
            throw new Error(`${script} failed with status ${result.status}`);
        }
        cached = result.stdout.trim().split("\n").pop()!;
    }
    return cached;
}

let nodeadmCached: string | undefined;

/**
 * Directory holding nodeadm, with its NodeConfig CRD in `../crds/`: CALICO_EKS_NODEADM_BIN when set, else the
 * output of build-nodeadm.sh (its own cache directory: building it never touches the other tools' key).
 */
export function nodeadmBin(): string {
    if (!nodeadmCached && process.env.CALICO_EKS_NODEADM_BIN) {
        nodeadmCached = process.env.CALICO_EKS_NODEADM_BIN;
    }
    if (!nodeadmCached) {
        const script = path.join(projectDir(), "tools", "toolchain", "build-nodeadm.sh");
        const result = spawnSync("bash", [script], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
        if (result.status !== 0) {
            throw new Error(`${script} failed with status ${result.status}`);
        }
        nodeadmCached = result.stdout.trim().split("\n").pop()!;
    }
    return nodeadmCached;
}
