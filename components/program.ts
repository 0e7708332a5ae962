/**
 * The Pulumi program: read the stack's config, validate it before anything is created, build one
 * CalicoEksCluster and return the stack outputs. `index.ts` calls it; so can an Automation API caller.
 */
import * as pulumi from "@pulumi/pulumi";
import { CALICO_EKS_NAME, CalicoEksCluster, formerNameAliases } from "./calicoEksCluster";
import { CONFIG_NAMESPACE } from "./config/defaults";
import { RawConfig, resolveConfig } from "./stack/resolve";
import { foreignKeyWarnings } from "./config/namespaces";
import { ConfigProblem, formatProblem } from "./config/problems";

/** This project's config values from the running stack, keyed without the namespace. */
export function stackConfig(): RawConfig {
    const prefix = `${CONFIG_NAMESPACE}:`;
    return Object.fromEntries(
        Object.entries(pulumi.runtime.allConfig())
            .filter(([key]) => key.startsWith(prefix))
            .map(([key, value]) => [key.slice(prefix.length), value]),
    );
}

export interface ProgramOptions {
    /**
     * Where a relative chartSource is resolved: the project directory. `pulumi up` runs the program there (the
     * default, the process's cwd); the Automation API module passes its workDir, since an inline program runs in
     * the calling service's process (the SDK's getRootDirectory() is a placeholder for inline programs).
     */
    readonly projectDir?: string;
}

export function calicoEksProgram(raw: RawConfig = stackConfig(), options: ProgramOptions = {}) {
    // Throws ConfigValidationError, listing every problem, before the first resource is registered.
    const all = pulumi.runtime.allConfig();
    // Keys in a namespace one typo away from this project's are never read: say so, as `up` starts.
    const warnings: ConfigProblem[] = foreignKeyWarnings(all, "the stack's config");
    const config = resolveConfig(raw, { region: all["aws:region"], warnings, projectDir: options.projectDir ?? process.cwd() });
    warnings.forEach(w => pulumi.log.warn(formatProblem(w)));
    // A fixed logical name: changing clusterName then replaces the EKS cluster only.
    const cluster = new CalicoEksCluster(CALICO_EKS_NAME, { config }, { aliases: formerNameAliases(config.controlPlane.clusterName) });
    return {
        clusterName: cluster.clusterName,
        kubeconfig: cluster.kubeconfig,
        vpcId: cluster.vpcId,
        vpcCidr: cluster.vpcCidr,
        nodeCidrs: cluster.nodeCidrs,
        podCidrs: cluster.podCidrs,
        teamPodCidrs: cluster.teamPodCidrs,
        serviceCidr: cluster.serviceCidr,
        calicoVersion: cluster.calicoVersion,
        podCapacity: cluster.podCapacity,
    };
}
