/**
 * The log group EKS writes control-plane logs to. EKS creates `/aws/eks/<cluster>/cluster` itself when logging
 * is on and the group does not exist, with no retention (logs kept and paid for for ever); created here first,
 * and the cluster made to wait for it, the group has the retention the stack asks for.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** The log group name EKS writes to; it cannot be changed. */
export function controlPlaneLogGroupName(clusterName: string): string {
    return `/aws/eks/${clusterName}/cluster`;
}

export function createControlPlaneLogGroup(
    name: string,
    clusterName: string,
    retentionInDays: number,
    tags: pulumi.Input<Record<string, string>> | undefined,
    opts: pulumi.CustomResourceOptions,
): aws.cloudwatch.LogGroup {
    return new aws.cloudwatch.LogGroup(
        `${name}-logs`,
        {
            // EKS's own name, not an auto-name: EKS writes only there.
            name: controlPlaneLogGroupName(clusterName),
            // 0 is "never expire" in config; the provider's way to say it is no retention at all.
            retentionInDays: retentionInDays === 0 ? undefined : retentionInDays,
            tags,
        },
        opts,
    );
}
