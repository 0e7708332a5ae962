/**
 * CoreDNS as an EKS managed add-on. With bootstrapSelfManagedAddons off, EKS installs none, and its pods
 * need nodes, so it is created after the first node group. It stays a normal overlay pod: the runbook
 * measured that cluster DNS resolves fine without the host network.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { StackTags, withTags } from "../tags";

export interface CoreDnsArgs {
    /** The EKS cluster to add CoreDNS to. */
    readonly clusterName: pulumi.Input<string>;
    /** Add-on version; default the one EKS recommends for the cluster version. */
    readonly version?: pulumi.Input<string>;
    /** The stack's tags. */
    readonly tags: StackTags;
}

export function createCoreDns(name: string, args: CoreDnsArgs, opts: pulumi.CustomResourceOptions): aws.eks.Addon {
    return new aws.eks.Addon(
        name,
        {
            clusterName: args.clusterName,
            addonName: "coredns",
            addonVersion: args.version,
            // Take over a CoreDNS someone installed by hand instead of failing.
            resolveConflictsOnCreate: "OVERWRITE",
            resolveConflictsOnUpdate: "PRESERVE",
            tags: withTags(args.tags),
        },
        opts,
    );
}
