/**
 * Every default of the program, in one place. Pulumi.yaml declares the same values for the stack config
 * keys (a unit test keeps the two equal).
 */
import { ADDON_CONFIG_DEFAULTS } from "../addons/definitions";
import { CalicoEksConfigInput } from "./input";
import { IpPoolConfig, NodeGroupConfig } from "./types";

/** The Pulumi config namespace: the project name. */
export const CONFIG_NAMESPACE = "calico-eks";

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

/** A team's missing fields. Name, namespaces and cidr have no default. */
export const DEFAULT_TEAM_BLOCK_SIZE = 26;

/** The annotation that restricts a namespace's pods to the listed Calico pools. */
export const IPV4_POOLS_ANNOTATION = "cni.projectcalico.org/ipv4pools";

/**
 * Defaults of the top-level config keys, by key. Structured keys (`ipPools`, `nodeGroups`) default to a
 * one-element list; each element's missing fields come from DEFAULT_IP_POOL / DEFAULT_NODE_GROUP.
 */
export const CONFIG_DEFAULTS: Required<CalicoEksConfigInput> = {
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
    chartSource: "",
    ipPools: [DEFAULT_IP_POOL],
    nodeGroups: [DEFAULT_NODE_GROUP],
    teams: [],
    nodeMetadataHopLimit: 1,
    requireImdsv2: true,
    // <addon>Enabled, <addon>Version and add-on settings: the add-on table holds their defaults.
    ...ADDON_CONFIG_DEFAULTS,
};

export type ConfigKey = keyof CalicoEksConfigInput;
