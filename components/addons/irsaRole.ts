/**
 * An IAM role a Kubernetes service account assumes through the cluster's OIDC provider (IRSA). Add-ons get
 * their AWS permissions this way rather than from the node role, which overlay pods cannot reach anyway
 * (IMDS hop limit 1).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { childOptions } from "../childOptions";
import { StackTags, withTags } from "../tags";

export interface IrsaRoleArgs {
    /** ARN of the cluster's IAM OIDC provider (the trusted federated principal). */
    readonly oidcProviderArn: pulumi.Input<string>;
    /** The OIDC issuer, with or without https://, e.g. oidc.eks.us-west-2.amazonaws.com/id/ABC. */
    readonly oidcProviderUrl: pulumi.Input<string>;
    /** Namespace of the service account that may assume the role. */
    readonly namespace: string;
    /** Name of that service account. */
    readonly serviceAccount: string;
    /** Inline policy document. */
    readonly policy?: object;
    /** Managed policies to attach. */
    readonly managedPolicyArns?: string[];
    /** The stack's tags (none when absent). */
    readonly tags?: StackTags;
}

export class IrsaRole extends pulumi.ComponentResource {
    public readonly role: aws.iam.Role;
    public readonly arn: pulumi.Output<string>;

    constructor(name: string, args: IrsaRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("calico-eks:addons:IrsaRole", name, {}, opts);
        const trustPolicy = pulumi.all([args.oidcProviderArn, args.oidcProviderUrl]).apply(([providerArn, url]) => {
            const issuer = url.replace(/^https:\/\//, "");
            return JSON.stringify({
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Federated: providerArn },
                        Action: "sts:AssumeRoleWithWebIdentity",
                        Condition: {
                            // Only this service account of this cluster, and only tokens minted for STS.
                            StringEquals: {
                                [`${issuer}:sub`]: `system:serviceaccount:${args.namespace}:${args.serviceAccount}`,
                                [`${issuer}:aud`]: "sts.amazonaws.com",
                            },
                        },
                    },
                ],
            });
        });
        this.role = new aws.iam.Role(name, { assumeRolePolicy: trustPolicy, tags: withTags(args.tags ?? {}) }, childOptions(this, opts));
        if (args.policy) {
            new aws.iam.RolePolicy(name, { role: this.role.id, policy: JSON.stringify(args.policy) }, childOptions(this, opts));
        }
        for (const [i, policyArn] of (args.managedPolicyArns ?? []).entries()) {
            new aws.iam.RolePolicyAttachment(`${name}-${i}`, { role: this.role.name, policyArn }, childOptions(this, opts));
        }
        this.arn = this.role.arn;
        this.registerOutputs({ arn: this.arn });
    }
}
