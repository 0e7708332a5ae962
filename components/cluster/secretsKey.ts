/**
 * The customer-managed KMS key EKS envelope-encrypts Kubernetes secrets with, when the stack names none.
 *
 * Its policy lets the account administer the key (so it can never become unmanageable) but use it to encrypt
 * and decrypt only through EKS, in this account and region. The cluster's IAM role is created inside the
 * `@pulumi/eks` component together with the cluster, which takes this key as an input, so the policy cannot
 * name the role without a cycle; EKS uses the key through the grant it creates for the cluster at creation.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SECRETS_KEY_DELETION_WINDOW_DAYS } from "../config/defaults";

/** Who may do what with the secrets key. Pure, so a test holds it statement by statement. */
export function secretsKeyPolicy(partition: string, accountId: string, region: string, dnsSuffix: string): object {
    const account = `arn:${partition}:iam::${accountId}:root`;
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AdministerTheKeyFromTheAccount",
                Effect: "Allow",
                Principal: { AWS: account },
                Action: [
                    "kms:Create*",
                    "kms:Describe*",
                    "kms:Enable*",
                    "kms:List*",
                    "kms:Put*",
                    "kms:Update*",
                    "kms:Revoke*",
                    "kms:Disable*",
                    "kms:Get*",
                    "kms:Delete*",
                    "kms:TagResource",
                    "kms:UntagResource",
                    "kms:ScheduleKeyDeletion",
                    "kms:CancelKeyDeletion",
                    "kms:RotateKeyOnDemand",
                ],
                Resource: "*",
            },
            {
                Sid: "UseTheKeyOnlyThroughEks",
                Effect: "Allow",
                Principal: { AWS: account },
                Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey", "kms:CreateGrant"],
                Resource: "*",
                Condition: { StringEquals: { "kms:ViaService": `eks.${region}.${dnsSuffix}`, "kms:CallerAccount": accountId } },
            },
        ],
    };
}

export function createSecretsKey(name: string, clusterName: string, tags: pulumi.Input<Record<string, string>> | undefined, opts: pulumi.CustomResourceOptions): aws.kms.Key {
    const invoke = { parent: opts.parent };
    const partition = aws.getPartitionOutput({}, invoke);
    const policy = pulumi
        .all([partition.partition, partition.dnsSuffix, aws.getCallerIdentityOutput({}, invoke).accountId, aws.getRegionOutput({}, invoke).region])
        .apply(([p, dnsSuffix, accountId, region]) => JSON.stringify(secretsKeyPolicy(p, accountId, region, dnsSuffix)));
    return new aws.kms.Key(
        `${name}-secrets`,
        {
            description: `Envelope encryption of Kubernetes secrets in EKS cluster ${clusterName}`,
            // EKS envelope encryption takes only symmetric encryption keys.
            customerMasterKeySpec: "SYMMETRIC_DEFAULT",
            keyUsage: "ENCRYPT_DECRYPT",
            enableKeyRotation: true,
            deletionWindowInDays: SECRETS_KEY_DELETION_WINDOW_DAYS,
            policy,
            tags,
        },
        opts,
    );
}
