/**
 * The Pulumi program: read the stack's config, validate it before anything is created, build one
 * CalicoEksCluster and return the stack outputs. `index.ts` calls it; so can an Automation API caller.
 */
import * as pulumi from "@pulumi/pulumi";
import { CALICO_EKS_NAME, CalicoEksCluster, formerNameAliases } from "./calicoEksCluster";
import { CONFIG_NAMESPACE } from "./config/defaults";
import { RawConfig, resolveConfig } from "./config/resolve";
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

export function calicoEksProgram(raw: RawConfig = stackConfig()) {
    // Throws ConfigValidationError, listing every problem, before the first resource is registered.
    const all = pulumi.runtime.allConfig();
    // Keys in a namespace one typo away from this project's are never read: say so, as `up` starts.
    const warnings: ConfigProblem[] = foreignKeyWarnings(all, "the stack's config");
    // A relative chartSource is relative to the project (where Pulumi.yaml is): the engine tells where that is,
    // also for an Automation API program running inline in another service's process, whose cwd is elsewhere.
    const projectDir = pulumi.runtime.getRootDirectory() || process.cwd();
    const config = resolveConfig(raw, { region: all["aws:region"], warnings, projectDir });
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
