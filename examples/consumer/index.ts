/**
 * The stack: one application platform, its settings from this project's stack config, and the outputs
 * application stacks read through a StackReference. The VPC is the network team's: its IDs come from their
 * stack when `networkStack` is set (Outputs, checked by calico-eks when they resolve), else a VPC is created.
 */
import * as pulumi from "@pulumi/pulumi";
import { AppPlatform } from "./appPlatform";

const settings = new pulumi.Config();
const networkStack = settings.get("networkStack");
const network = networkStack ? new pulumi.StackReference(networkStack) : undefined;

const platform = new AppPlatform("apps", {
    cluster: {
        clusterName: settings.get("clusterName") ?? "apps",
        vpcCidr: "10.40.0.0/16",
        availabilityZoneCount: 2,
        ...(network
            ? {
                  existingVpcId: network.requireOutput("vpcId") as pulumi.Output<string>,
                  existingPrivateSubnetIds: network.requireOutput("privateSubnetIds") as pulumi.Output<string[]>,
                  existingPublicSubnetIds: network.requireOutput("publicSubnetIds") as pulumi.Output<string[]>,
              }
            : {}),
        tags: { "acme:owner": "platform" },
        teams: [{ name: "payments", namespaces: ["payments"], cidr: "172.20.0.0/20" }],
    },
    appNamespace: settings.get("appNamespace") ?? "apps",
});

export const clusterName = platform.cluster.clusterName;
export const kubeconfig = pulumi.secret(platform.cluster.kubeconfig);
export const podCidrs = platform.cluster.podCidrs;
export const serviceCidr = platform.cluster.serviceCidr;
// What application stacks need for IRSA roles, security group rules and their own in-cluster resources.
export const clusterEndpoint = platform.cluster.clusterEndpoint;
export const oidcProviderArn = platform.cluster.oidcProviderArn;
export const oidcIssuerUrl = platform.cluster.oidcIssuerUrl;
export const clusterSecurityGroupId = platform.cluster.clusterSecurityGroupId;
export const nodeRoleArn = platform.cluster.nodeRoleArn;
export const hostPorts = platform.cluster.hostPorts;
export const teamPools = platform.cluster.teamPools;
export const logBucket = platform.logBucket.bucket;
export const appNamespace = platform.appNamespace.metadata.name;
