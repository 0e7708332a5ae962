/**
 * Every default of the program, in one place; the add-ons' keys have theirs in the add-on table
 * (addons/definitions.ts), and stack/defaults.ts puts the two together. Pulumi.yaml declares the same values
 * for the stack config keys (a unit test keeps them equal).
 */
import { CoreConfigInput } from "./input";
import { IpPoolConfig, NodeGroupConfig } from "./types";

/** The Pulumi config namespace: the project name. */
export const CONFIG_NAMESPACE = "calico-eks";

/**
 * The logical name the program gives its component, whatever the cluster is called. Every child's name (and
 * so every auto-named AWS resource, such as the launch templates) starts with it.
 */
export const CALICO_EKS_NAME = "calico-eks";

/** The tigera-operator chart version the runbook installs. */
export const CALICO_VERSION = "v3.31.2";
export const CALICO_CHART_REPOSITORY = "https://docs.tigera.io/calico/charts";
/**
 * The Calico releases this program is tested with, oldest first (each has a real-engine test, including the
 * upgrade from one to the next). v3.31.7 fixes IPAM garbage collection on fast scale-down; v3.32 is current.
 */
export const SUPPORTED_CALICO_VERSIONS = ["v3.31.2", "v3.31.7", "v3.32.1"];
/** From this minor on, the CRDs ship in their own chart instead of the tigera-operator chart's crds/ folder. */
export const CALICO_CRD_CHART_SINCE = "v3.32.0";
export const CALICO_CRD_CHART = "crd.projectcalico.org.v1";

/** Kubernetes minors EKS offers standard or extended support for, oldest first. */
export const SUPPORTED_KUBERNETES_VERSIONS = ["1.29", "1.30", "1.31", "1.32", "1.33", "1.34"];

/** Calico's limits for an IPv4 block's prefix length. */
export const MIN_BLOCK_SIZE = 20;
export const MAX_BLOCK_SIZE = 32;
/** The kubelet's practical ceiling for pods per node; EKS recommends at most 250. */
export const MAX_PODS_LIMIT = 250;

export const DEFAULT_IP_POOL: IpPoolConfig = {
    name: "default-ipv4-ippool",
    cidr: "172.16.0.0/16",
    blockSize: 26,
    encapsulation: "VXLAN",
    natOutgoing: "Enabled",
    nodeSelector: "all()",
};

export const DEFAULT_NODE_GROUP: NodeGroupConfig = {
    name: "default",
    instanceTypes: ["m5.large"],
    minSize: 1,
    desiredSize: 2,
    maxSize: 3,
    maxPods: 100,
    diskSizeGiB: 50,
    capacityType: "ON_DEMAND",
    labels: {},
    amiId: "",
};

/** Label every node carries, naming its node group (pool selectors can pick groups by it). */
export const NODE_GROUP_LABEL = "calico-eks/node-group";

/** Blocks per node above which a pool's block size is worth a warning: each block is a route on every node. */
export const MAX_QUIET_BLOCKS_PER_NODE = 4;

/** A team's missing fields. Name, namespaces and cidr have no default. */
export const DEFAULT_TEAM_BLOCK_SIZE = 26;

/** The annotation that restricts a namespace's pods to the listed Calico pools. */
export const IPV4_POOLS_ANNOTATION = "cni.projectcalico.org/ipv4pools";

/** The control-plane log types EKS can send to CloudWatch (its API's LogType values). */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

/** The retention periods CloudWatch Logs accepts (PutRetentionPolicy), in days; 0 is "never expire". */
export const LOG_RETENTION_DAYS = [0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/** Days a created secrets key waits between its deletion being scheduled and done (KMS's maximum: the safest). */
export const SECRETS_KEY_DELETION_WINDOW_DAYS = 30;

/**
 * Defaults of the top-level config keys but the add-ons', by key. Structured keys (`ipPools`, `nodeGroups`)
 * default to a one-element list; each element's missing fields come from DEFAULT_IP_POOL / DEFAULT_NODE_GROUP.
 */
export const CONFIG_DEFAULTS: Required<CoreConfigInput> = {
    clusterName: "calico-eks",
    kubernetesVersion: "1.33",
    vpcCidr: "192.168.0.0/16",
    existingVpcId: "",
    existingPrivateSubnetIds: [],
    existingPublicSubnetIds: [],
    availabilityZones: [],
    availabilityZoneCount: 3,
    natGateways: "single",
    serviceCidr: "10.100.0.0/16",
    endpointPublicAccess: true,
    endpointPrivateAccess: true,
    publicAccessCidrs: ["0.0.0.0/0"],
    bootstrapSelfManagedAddons: false,
    calicoVersion: CALICO_VERSION,
    dataplane: "Iptables",
    wireguard: false,
    calicoMetrics: false,
    // Calico's own defaults for Felix's and Typha's prometheusMetricsPort (FelixConfiguration, Typha's config).
    felixMetricsPort: 9091,
    typhaMetricsPort: 9093,
    chartSource: "",
    ipPools: [DEFAULT_IP_POOL],
    nodeGroups: [DEFAULT_NODE_GROUP],
    teams: [],
    nodeMetadataHopLimit: 1,
    requireImdsv2: true,
    // Security: see the README's Security section for why each default.
    controlPlaneLogTypes: ["audit", "authenticator"],
    controlPlaneLogRetentionDays: 90,
    secretsEncryption: true,
    secretsKmsKeyArn: "",
    nodeSsmAccess: true,
    tags: {},
};
