/**
 * The stack config as a caller writes it: every key optional, structured keys partially filled (missing
 * fields take the defaults). Keys are those of the `calico-eks:` namespace, without it.
 */
import { AddonName } from "../addons/types";
import { IpPoolConfig, NodeGroupConfig, TeamConfig } from "./types";

type AddonToggleKeys = { [K in AddonName as `${K}Enabled`]?: boolean } & { [K in AddonName as `${K}Version`]?: string };

export interface CalicoEksConfigInput extends AddonToggleKeys {
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
    loadBalancerControllerWebhookPort?: number;
    metricsServerPort?: number;
    certManagerWebhookPort?: number;
    externalDnsDomainFilters?: string[];
    controlPlaneLogTypes?: string[];
    controlPlaneLogRetentionDays?: number;
    secretsEncryption?: boolean;
    secretsKmsKeyArn?: string;
    nodeSsmAccess?: boolean;
    tags?: Record<string, string>;
    externalDnsHostedZoneIds?: string[];
}
