/**
 * The stack: one application platform, its settings from this project's stack config, and the outputs
 * application stacks read through a StackReference.
 */
import * as pulumi from "@pulumi/pulumi";
import { AppPlatform } from "./appPlatform";

const settings = new pulumi.Config();

const platform = new AppPlatform("apps", {
    cluster: {
        clusterName: settings.get("clusterName") ?? "apps",
        vpcCidr: "10.40.0.0/16",
        availabilityZoneCount: 2,
    },
    appNamespace: settings.get("appNamespace") ?? "apps",
});

export const clusterName = platform.cluster.clusterName;
export const kubeconfig = pulumi.secret(platform.cluster.kubeconfig);
export const podCidrs = platform.cluster.podCidrs;
export const serviceCidr = platform.cluster.serviceCidr;
export const logBucket = platform.logBucket.bucket;
export const appNamespace = platform.appNamespace.metadata.name;
