/**
 * The Pulumi program: read the stack's config, validate it before anything is created, build one
 * CalicoEksCluster and return the stack outputs. `index.ts` calls it; so can an Automation API caller.
 */
import * as pulumi from "@pulumi/pulumi";
import { CALICO_EKS_NAME, CalicoEksCluster, formerNameAliases } from "./calicoEksCluster";
import { stackConfigArgs } from "./clusterArgs";
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

/**
 * The stack outputs, for application stacks through a StackReference. The kubeconfig is a secret; the rest is not.
 */
export function calicoEksProgram(raw: RawConfig = stackConfig(), options: ProgramOptions = {}) {
    const projectDir = options.projectDir ?? process.cwd();
    const all = pulumi.runtime.allConfig();
    // Keys in a namespace one typo away from this project's are never read: say so, as `up` starts.
    const warnings: ConfigProblem[] = foreignKeyWarnings(all, "the stack's config");
    // Throws ConfigValidationError, listing every problem in the stack's own terms (`calico-eks:key`, `pulumi
    // config set`), before the first resource is registered. The component checks the same arguments again.
    const config = resolveConfig(raw, { region: all["aws:region"], warnings, projectDir });
    warnings.forEach(w => pulumi.log.warn(formatProblem(w)));
    // The same arguments a package consumer passes, read from the stack config. A fixed logical name:
    // changing clusterName then replaces the EKS cluster only.
    const cluster = new CalicoEksCluster(CALICO_EKS_NAME, stackConfigArgs(raw, projectDir), { aliases: formerNameAliases(config.controlPlane.clusterName) });
    return {
        clusterName: cluster.clusterName,
        kubeconfig: cluster.kubeconfig,
        clusterEndpoint: cluster.clusterEndpoint,
        clusterSecurityGroupId: cluster.clusterSecurityGroupId,
        oidcProviderArn: cluster.oidcProviderArn,
        oidcIssuerUrl: cluster.oidcIssuerUrl,
        nodeRoleArn: cluster.nodeRoleArn,
        vpcId: cluster.vpcId,
        vpcCidr: cluster.vpcCidr,
        nodeCidrs: cluster.nodeCidrs,
        podCidrs: cluster.podCidrs,
        teamPodCidrs: cluster.teamPodCidrs,
        teamPools: cluster.teamPools,
        serviceCidr: cluster.serviceCidr,
        hostPorts: cluster.hostPorts,
        calicoVersion: cluster.calicoVersion,
        podCapacity: cluster.podCapacity,
    };
}
