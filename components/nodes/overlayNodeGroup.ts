/**
 * Runbook step 5: `eksctl create nodegroup --node-type m5.large --max-pods-per-node 100
 * --node-private-networking`, as an EKS managed node group on AL2023 with a launch template that carries
 * the kubelet settings (user data) and the instance metadata policy.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { NodeAccessConfig, NodeGroupConfig } from "../config/types";
import { childOptions } from "../childOptions";
import { nodeUserData } from "./userData";

export interface OverlayNodeGroupArgs {
    /** Name of the EKS cluster to join. */
    readonly clusterName: pulumi.Input<string>;
    /** Kubernetes minor version of the nodes (the control plane's). */
    readonly kubernetesVersion: pulumi.Input<string>;
    /** Role the instances assume (see NodeRole). */
    readonly nodeRoleArn: pulumi.Input<string>;
    /** Private subnets the nodes are placed in. */
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Size, instance types, maxPods, labels. */
    readonly group: NodeGroupConfig;
    /** IMDS policy of the instances. */
    readonly nodeAccess: NodeAccessConfig;
}

export class OverlayNodeGroup extends pulumi.ComponentResource {
    public readonly launchTemplate: aws.ec2.LaunchTemplate;
    public readonly nodeGroup: aws.eks.NodeGroup;

    constructor(name: string, args: OverlayNodeGroupArgs, opts?: pulumi.ComponentResourceOptions) {
        super("calico-eks:nodes:OverlayNodeGroup", name, {}, opts);
        const { group, nodeAccess } = args;

        this.launchTemplate = new aws.ec2.LaunchTemplate(
            name,
            {
                userData: Buffer.from(nodeUserData({ maxPods: group.maxPods })).toString("base64"),
                metadataOptions: {
                    httpEndpoint: "enabled",
                    httpTokens: nodeAccess.requireImdsv2 ? "required" : "optional",
                    // 1 hop: an overlay pod is one hop further than the node, so it cannot reach IMDS and the
                    // node role's credentials; host-network pods still can, and add-ons use IRSA anyway.
                    httpPutResponseHopLimit: nodeAccess.metadataHopLimit,
                },
                blockDeviceMappings: [
                    { deviceName: "/dev/xvda", ebs: { volumeSize: group.diskSizeGiB, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } },
                ],
                updateDefaultVersion: true,
            },
            { parent: this },
        );

        this.nodeGroup = new aws.eks.NodeGroup(
            name,
            {
                clusterName: args.clusterName,
                nodeGroupNamePrefix: `${group.name}-`,
                nodeRoleArn: args.nodeRoleArn,
                subnetIds: args.subnetIds,
                version: args.kubernetesVersion,
                amiType: "AL2023_x86_64_STANDARD",
                instanceTypes: group.instanceTypes,
                capacityType: group.capacityType,
                scalingConfig: { minSize: group.minSize, desiredSize: group.desiredSize, maxSize: group.maxSize },
                labels: group.labels,
                launchTemplate: { id: this.launchTemplate.id, version: this.launchTemplate.latestVersion.apply(String) },
                updateConfig: { maxUnavailable: 1 },
            },
            // Waits for what the component waits for (the CNI). The cluster autoscaler owns desiredSize once running.
            childOptions(this, opts, { ignoreChanges: ["scalingConfig.desiredSize"] }),
        );
        this.registerOutputs({ nodeGroupName: this.nodeGroup.nodeGroupName });
    }
}
