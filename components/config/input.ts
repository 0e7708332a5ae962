/**
 * The stack config as a caller writes it: every key optional, structured keys partially filled (missing
 * fields take the defaults). Keys are those of the `calico-eks:` namespace, without it.
 */
import { IpPoolConfig, NodeGroupConfig, TeamConfig } from "./types";

/** The keys every area but the add-ons reads; `CalicoEksConfigInput` (stack/input.ts) adds the add-on table's keys. */
export interface CoreConfigInput {
    clusterName?: string;
    kubernetesVersion?: string;
    serviceCidr?: string;
    endpointPublicAccess?: boolean;
    endpointPrivateAccess?: boolean;
    publicAccessCidrs?: string[];
    bootstrapSelfManagedAddons?: boolean;
    vpcCidr?: string;
    availabilityZones?: string[];
    availabilityZoneCount?: number;
    natGateways?: "single" | "perAz";
    existingVpcId?: string;
    existingPrivateSubnetIds?: string[];
    existingPublicSubnetIds?: string[];
    calicoVersion?: string;
    dataplane?: "Iptables" | "BPF";
    wireguard?: boolean;
    calicoMetrics?: boolean;
    felixMetricsPort?: number;
    typhaMetricsPort?: number;
    chartSource?: string;
    ipPools?: Partial<IpPoolConfig>[];
    nodeGroups?: Partial<NodeGroupConfig>[];
    teams?: Partial<TeamConfig>[];
    nodeMetadataHopLimit?: number;
    requireImdsv2?: boolean;
    controlPlaneLogTypes?: string[];
    controlPlaneLogRetentionDays?: number;
    secretsEncryption?: boolean;
    secretsKmsKeyArn?: string;
    nodeSsmAccess?: boolean;
    tags?: Record<string, string>;
}
