/**
 * Runbook step 5: `eksctl create nodegroup --node-type m5.large --max-pods-per-node 100
 * --node-private-networking`, as an EKS managed node group on AL2023. Its launch template names the AMI and
 * carries the whole nodeadm NodeConfig (see userData.ts for why EKS must not add its own), and sets the
 * instance metadata policy.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { clusterConnection } from "../cluster/kubeconfig";
import { NodeAccessConfig, NodeGroupConfig } from "../config/types";
import { childOptions } from "../childOptions";
import { mayHaveTags, StackTags, withTags } from "../tags";
import { architectureOf } from "./instanceTypes";
import { NODE_GROUP_LABEL, nodeGroupNamePrefix } from "./nodeGroupNames";
import { nodeUserData, recommendedAmiParameter } from "./userData";

export interface OverlayNodeGroupArgs {
    /** Name of the EKS cluster to join. */
    readonly clusterName: pulumi.Input<string>;
    /** The cluster's kubeconfig (JSON): the nodes' NodeConfig takes the API endpoint and CA from it. */
    readonly kubeconfig: pulumi.Input<string>;
    /** The cluster's service CIDR. */
    readonly serviceCidr: string;
    /** Kubernetes minor version of the nodes (the control plane's), for the AMI lookup. */
    readonly kubernetesVersion: string;
    /** Role the instances assume (see NodeRole). */
    readonly nodeRoleArn: pulumi.Input<string>;
    /** Private subnets the nodes are placed in. */
    readonly subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    /** Size, instance types, maxPods, labels, AMI. */
    readonly group: NodeGroupConfig;
    /** IMDS policy of the instances. */
    readonly nodeAccess: NodeAccessConfig;
    /** The stack's tags: on the launch template, the node group, and the instances and volumes it launches. */
    readonly tags: StackTags;
}

export class OverlayNodeGroup extends pulumi.ComponentResource {
    public readonly launchTemplate: aws.ec2.LaunchTemplate;
    public readonly nodeGroup: aws.eks.NodeGroup;

    constructor(name: string, args: OverlayNodeGroupArgs, opts?: pulumi.ComponentResourceOptions) {
        super("calico-eks:nodes:OverlayNodeGroup", name, {}, opts);
        const { group, nodeAccess } = args;
        const labels = { ...group.labels, [NODE_GROUP_LABEL]: group.name };
        // One AMI per group, so one architecture: validation refuses groups that mix arm64 and x86_64 types.
        const architecture = architectureOf(group.instanceTypes);
        const imageId = group.amiId || aws.ssm.getParameterOutput({ name: recommendedAmiParameter(args.kubernetesVersion, architecture) }, { parent: this }).value;
        // Only the endpoint and the CA certificate come from the (secret) kubeconfig, and neither is secret:
        // keeping the user data in the clear keeps launch template diffs readable.
        const userData = pulumi.unsecret(
            pulumi.all([args.clusterName, args.kubeconfig]).apply(([clusterName, kubeconfig]) => {
                const connection = clusterConnection(kubeconfig);
                const settings = {
                    clusterName,
                    apiServerEndpoint: connection.server,
                    certificateAuthority: connection.certificateAuthorityData,
                    serviceCidr: args.serviceCidr,
                    maxPods: group.maxPods,
                    labels,
                };
                return Buffer.from(nodeUserData(settings)).toString("base64");
            }),
        );

        this.launchTemplate = new aws.ec2.LaunchTemplate(
            name,
            {
                imageId,
                userData,
                metadataOptions: {
                    httpEndpoint: "enabled",
                    httpTokens: nodeAccess.requireImdsv2 ? "required" : "optional",
                    // 1 hop: an overlay pod is one hop further than the node, so it cannot reach IMDS and the
                    // node role's credentials; host-network pods still can, and add-ons use IRSA anyway.
                    httpPutResponseHopLimit: nodeAccess.metadataHopLimit,
                },
                blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: group.diskSizeGiB, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } }],
                updateDefaultVersion: true,
                tags: withTags(args.tags),
                // The node group's tags stay on the node group: what costs (instances, their volumes and
                // network interfaces) is tagged only through the launch template.
                ...(mayHaveTags(args.tags) ? { tagSpecifications: ["instance", "volume", "network-interface"].map(resourceType => ({ resourceType, tags: withTags(args.tags) })) } : {}),
            },
            childOptions(this, opts),
        );

        this.nodeGroup = new aws.eks.NodeGroup(
            name,
            {
                clusterName: args.clusterName,
                // Validation keeps the name short enough for this prefix plus the provider's unique suffix.
                nodeGroupNamePrefix: nodeGroupNamePrefix(group.name),
                nodeRoleArn: args.nodeRoleArn,
                subnetIds: args.subnetIds,
                // No amiType or version: the launch template's AMI decides both (a new AMI rolls the nodes).
                instanceTypes: group.instanceTypes,
                capacityType: group.capacityType,
                scalingConfig: { minSize: group.minSize, desiredSize: group.desiredSize, maxSize: group.maxSize },
                labels,
                launchTemplate: { id: this.launchTemplate.id, version: this.launchTemplate.latestVersion.apply(String) },
                updateConfig: { maxUnavailable: 1 },
                tags: withTags(args.tags),
            },
            // Waits for what the component waits for (the CNI). The cluster autoscaler owns desiredSize once running.
            childOptions(this, opts, { ignoreChanges: ["scalingConfig.desiredSize"] }),
        );
        this.registerOutputs({ nodeGroupName: this.nodeGroup.nodeGroupName });
    }
}
