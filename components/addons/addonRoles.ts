/**
 * The AWS half of the add-ons: one IRSA role per enabled add-on that needs AWS permissions.
 */
import * as pulumi from "@pulumi/pulumi";
import { childOptions } from "../childOptions";
import { ADDONS } from "./definitions";
import { IrsaRole } from "./irsaRole";
import { StackTags } from "../tags";
import { AddonName, AddonsConfig } from "./types";

export interface AddonRolesArgs {
    /** Which add-ons are enabled: only those get a role. */
    readonly config: AddonsConfig;
    /** Cluster name, for policies scoped to this cluster (cluster-autoscaler). */
    readonly clusterName: string;
    /** Hosted zones external-dns may change (empty: every zone). */
    readonly hostedZoneIds: string[];
    /** The stack's tags, for the roles. */
    readonly tags: StackTags;
    /** ARN of the cluster's IAM OIDC provider. */
    readonly oidcProviderArn: pulumi.Input<string>;
    /** The cluster's OIDC issuer URL (with or without https://). */
    readonly oidcProviderUrl: pulumi.Input<string>;
}

export class AddonRoles extends pulumi.ComponentResource {
    /** Role ARN by add-on, for the enabled add-ons that have one. */
    public readonly arns: Partial<Record<AddonName, pulumi.Output<string>>> = {};

    constructor(name: string, args: AddonRolesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("calico-eks:addons:AddonRoles", name, {}, opts);
        for (const addon of ADDONS.filter(a => a.irsa && args.config[a.name].enabled)) {
            const irsa = addon.irsa!;
            const role = new IrsaRole(
                `${name}-${addon.name}`,
                {
                    oidcProviderArn: args.oidcProviderArn,
                    oidcProviderUrl: args.oidcProviderUrl,
                    namespace: addon.namespace,
                    serviceAccount: irsa.serviceAccount,
                    policy: irsa.policy?.({ clusterName: args.clusterName, hostedZoneIds: args.hostedZoneIds }),
                    managedPolicyArns: irsa.managedPolicyArns,
                    tags: args.tags,
                },
                childOptions(this, opts),
            );
            this.arns[addon.name] = role.arn;
        }
        this.registerOutputs({ arns: this.arns });
    }
}
