/**
 * A platform team's own component: a calico-eks cluster plus what the team adds around it, an S3 bucket for
 * the applications' logs (tagged with the cluster it serves) and a namespace for the applications, created
 * through the cluster's Kubernetes provider. Everything is parented to this component, so it shows as one
 * tree in `pulumi preview` and is renamed or moved as one.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CalicoEksCluster, CalicoEksClusterArgs } from "calico-eks";

export interface AppPlatformArgs {
    /** calico-eks settings, with the same names and defaults as its stack config (see its README). */
    readonly cluster: CalicoEksClusterArgs;
    /** The namespace the applications run in. */
    readonly appNamespace: string;
}

export class AppPlatform extends pulumi.ComponentResource {
    public readonly cluster: CalicoEksCluster;
    public readonly logBucket: aws.s3.Bucket;
    public readonly appNamespace: k8s.core.v1.Namespace;

    constructor(name: string, args: AppPlatformArgs, opts?: pulumi.ComponentResourceOptions) {
        super("acme:platform:AppPlatform", name, {}, opts);

        // Validates every setting at once and fails with one error on the cluster component, before any of its
        // resources exists, when one is wrong.
        this.cluster = new CalicoEksCluster(`${name}-cluster`, args.cluster, { parent: this });

        this.logBucket = new aws.s3.Bucket(`${name}-app-logs`, { forceDestroy: true, tags: { "acme:cluster": this.cluster.clusterName, "acme:purpose": "app-logs" } }, { parent: this });

        this.appNamespace = new k8s.core.v1.Namespace(
            `${name}-apps`,
            { metadata: { name: args.appNamespace, labels: { "acme/log-bucket": this.logBucket.bucket } } },
            { parent: this, provider: this.cluster.controlPlane.provider },
        );

        this.registerOutputs({ clusterName: this.cluster.clusterName, logBucket: this.logBucket.bucket });
    }
}
