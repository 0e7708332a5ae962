/**
 * The resolved, validated shape of a stack's configuration. Every field is filled: defaults are applied
 * by `resolveConfig` (see defaults.ts), so components never guess. The whole config, which also holds the
 * add-ons' settings, is `CalicoEksConfig` in `../stack/types.ts`: this module imports no area.
 */

/**
 * The one encapsulation that works on EKS without BGP: VXLAN for all traffic between nodes. The others
 * Calico offers are refused (see calico/encapsulation.ts for why).
 */
export type Encapsulation = "VXLAN";
export type NatOutgoing = "Enabled" | "Disabled";
export type CapacityType = "ON_DEMAND" | "SPOT";

export interface IpPoolConfig {
    /** Name of the pool in the Installation (and of the IPPool the operator creates). */
    readonly name: string;
    /** Pod address range; must not overlap the VPC, the service CIDR or another pool. */
    readonly cidr: string;
    /** Prefix length of the per-node blocks carved from the pool (20–32). Fixed once the pool exists. */
    readonly blockSize: number;
    /** Overlay encapsulation. */
    readonly encapsulation: Encapsulation;
    /** Whether pods leaving the cluster are SNATed to the node address (the runbook keeps this on). */
    readonly natOutgoing: NatOutgoing;
    /** Calico selector of the nodes that may take blocks from this pool. */
    readonly nodeSelector: string;
}

export interface NodeGroupConfig {
    /** Name of the managed node group (unique within the cluster). */
    readonly name: string;
    /** EC2 instance types; the first is the primary. */
    readonly instanceTypes: string[];
    /** Fewest nodes (the autoscaler's floor). */
    readonly minSize: number;
    /** Nodes at creation; afterwards the cluster autoscaler owns it (changes are ignored). */
    readonly desiredSize: number;
    /** Most nodes; the pools must have addresses for all of them. */
    readonly maxSize: number;
    /** Pods the kubelet admits per node (1–250); the overlay frees this from the ENI limit. */
    readonly maxPods: number;
    /** Root volume size in GiB. */
    readonly diskSizeGiB: number;
    readonly capacityType: CapacityType;
    /** Kubernetes labels put on the nodes. */
    readonly labels: Record<string, string>;
    /** AMI to run; "" means the current EKS-optimized AL2023 AMI for the cluster's version (looked up on each `up`). */
    readonly amiId: string;
}

/** A team: its namespaces draw pod addresses only from its own pool. */
export interface TeamConfig {
    /** Team name (DNS label); its pool is named `<name>-pool`. */
    readonly name: string;
    /** Namespaces the program creates for the team, annotated to use only the team's pool. */
    readonly namespaces: string[];
    /** The team's pod CIDR; overlaps no other pool, the VPC or the service CIDR. */
    readonly cidr: string;
    /** Block size of the team's pool (20–32). */
    readonly blockSize: number;
}

export interface NetworkConfig {
    /** CIDR of the VPC: the one to create, or the one the existing VPC has (used for overlap checks). */
    readonly vpcCidr: string;
    /** Existing VPC to use; empty string means create a new one. */
    readonly existingVpcId: string;
    readonly existingPrivateSubnetIds: string[];
    readonly existingPublicSubnetIds: string[];
    /** AZs for a new VPC; empty means the first `availabilityZoneCount` zones of the region. */
    readonly availabilityZones: string[];
    readonly availabilityZoneCount: number;
    /** One NAT gateway for the VPC, or one per AZ (survives the loss of an AZ). */
    readonly natGateways: "single" | "perAz";
}

export interface ControlPlaneConfig {
    readonly clusterName: string;
    /** Kubernetes minor version, e.g. "1.33". */
    readonly kubernetesVersion: string;
    /** CIDR Services get their ClusterIPs from. */
    readonly serviceCidr: string;
    readonly endpointPublicAccess: boolean;
    readonly endpointPrivateAccess: boolean;
    /** Who may reach the public endpoint. */
    readonly publicAccessCidrs: string[];
    /**
     * Let EKS install its self-managed add-ons (aws-node, kube-proxy, CoreDNS) at creation. Off: the VPC CNI is
     * never installed. On (e.g. to match an existing cluster): the aws-node removal deletes it again. Read only
     * when the cluster is created: @pulumi/eks ignores later changes (destroy and re-create to change it).
     */
    readonly bootstrapSelfManagedAddons: boolean;
}

/** Felix's Linux dataplane: Calico's iptables rules behind kube-proxy, or eBPF programs replacing kube-proxy. */
export type Dataplane = "Iptables" | "BPF";

export interface CalicoConfig {
    /** tigera-operator chart version (a Calico release tag). */
    readonly version: string;
    /** Felix's dataplane (`dataplane`). */
    readonly dataplane: Dataplane;
    /** WireGuard encryption of pod traffic between nodes (`wireguard`). */
    readonly wireguard: boolean;
    /** Prometheus metrics from Felix and Typha (`calicoMetrics`). */
    readonly metrics: boolean;
    /** Host port of Felix's metrics (`felixMetricsPort`); bound only with `metrics`. */
    readonly felixMetricsPort: number;
    /** Host port of Typha's metrics (`typhaMetricsPort`); bound only with `metrics`. */
    readonly typhaMetricsPort: number;
}

export interface NodeAccessConfig {
    /** IMDS hop limit on nodes: 1 keeps overlay pods away from the node's credentials. */
    readonly metadataHopLimit: number;
    /** Require IMDSv2 session tokens on nodes. */
    readonly requireImdsv2: boolean;
}

/** What an auditor asks for: control-plane logs, secrets encryption, node access, tags, scoped add-on roles. */
export interface SecurityConfig {
    /** EKS control-plane log types sent to CloudWatch; empty turns control-plane logging off. */
    readonly controlPlaneLogTypes: string[];
    /** Retention of the `/aws/eks/<cluster>/cluster` log group, in days (0: never expire). */
    readonly controlPlaneLogRetentionDays: number;
    /** Envelope-encrypt Kubernetes secrets with a customer-managed KMS key (off: EKS's AWS-owned key). */
    readonly secretsEncryption: boolean;
    /** The KMS key to use; "" creates one for the cluster (when secretsEncryption is on). */
    readonly secretsKmsKeyArn: string;
    /** Attach AmazonSSMManagedInstanceCore to the node role (Session Manager instead of SSH). */
    readonly nodeSsmAccess: boolean;
    /** Tags for every taggable AWS resource, under the program's own. */
    readonly tags: Record<string, string>;
}
