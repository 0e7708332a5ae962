/**
 * The real tools the integration tests run: built from the Go module proxy by the scripts in tools/toolchain/
 * into a cache outside the repository (seconds when warm; see tools/toolchain/README.md).
 */
import { spawnSync } from "child_process";
import * as path from "path";
import { projectDir } from "../../automation/stackFiles";

const built = new Map<string, string>();

/** The bin directory `override` names, else the one the build script prints last (building it when cold). */
function binDir(override: string | undefined, script: string): string {
    if (override) {
        return override;
    }
    if (!built.has(script)) {
        const file = path.join(projectDir(), "tools", "toolchain", script);
        const result = spawnSync("bash", [file], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
        if (result.status !== 0) {
            throw new Error(`${file} failed with status ${result.status}`);
        }
        built.set(script, result.stdout.trim().split("\n").pop()!);
    }
    return built.get(script)!;
}

/**
 * Directory holding pulumi, kube-apiserver, kube-controller-manager, etcd and the kubernetes provider:
 * CALICO_EKS_TOOLCHAIN_BIN when set (tools built or installed elsewhere), else the output of build.sh.
 */
export function toolchainBin(): string {
    return binDir(process.env.CALICO_EKS_TOOLCHAIN_BIN, "build.sh");
}

/**
 * Directory holding nodeadm, with its NodeConfig CRD in `../crds/`: CALICO_EKS_NODEADM_BIN when set, else the
 * output of build-nodeadm.sh (its own cache directory: building it never touches the other tools' key).
 */
export function nodeadmBin(): string {
    return binDir(process.env.CALICO_EKS_NODEADM_BIN, "build-nodeadm.sh");
}
