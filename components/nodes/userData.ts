/**
 * User data for AL2023 nodes of an overlay cluster: one nodeadm NodeConfig with everything the node needs
 * to join. Pure.
 *
 * The launch template names the AMI itself, so EKS adds no user data of its own. That is deliberate: for
 * EKS-chosen AMIs, EKS appends a NodeConfig that sets maxPods from the ENI limit (29 on an m5.large), and
 * nodeadm lets the later document win — the overlay's pod count would be silently capped. So this NodeConfig
 * carries the cluster connection as well as:
 * - maxPods: without the VPC CNI a node's pods no longer need ENI addresses;
 * - kubeReserved memory sized for that many pods (255 MiB + 11 MiB per pod); CPU keeps nodeadm's value;
 * - the node group's labels, which EKS would otherwise have put on the kubelet's command line.
 */
import { kubeReservedMemoryMiB } from "../net/capacity";
import { Architecture } from "./instanceTypes";

export const NODEADM_CONTENT_TYPE = "application/node.eks.aws";
/**
 * nodeadm's hard eviction threshold for memory (`evictionHard["memory.available"]`, its kubelet default),
 * which this NodeConfig keeps: the kubelet reserves it on top of kubeReserved.
 */
export const EVICTION_HARD_MEMORY_MIB = 100;
const BOUNDARY = "==CALICO-EKS==";

export interface NodeSettings {
    readonly clusterName: string;
    /** API server URL, https://... */
    readonly apiServerEndpoint: string;
    /** Cluster CA, base64 PEM (as in a kubeconfig's certificate-authority-data). */
    readonly certificateAuthority: string;
    /** The cluster's service CIDR (nodeadm derives the cluster DNS address from it). */
    readonly serviceCidr: string;
    readonly maxPods: number;
    /** Kubernetes labels for the node. */
    readonly labels: Record<string, string>;
}

export function nodeConfigYaml(settings: NodeSettings): string {
    // JSON strings are valid YAML scalars: no value can break the document.
    const q = (value: string) => JSON.stringify(value);
    const labels = Object.entries(settings.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(",");
    return [
        "apiVersion: node.eks.aws/v1alpha1",
        "kind: NodeConfig",
        "spec:",
        "  cluster:",
        `    name: ${q(settings.clusterName)}`,
        `    apiServerEndpoint: ${q(settings.apiServerEndpoint)}`,
        `    certificateAuthority: ${q(settings.certificateAuthority)}`,
        `    cidr: ${q(settings.serviceCidr)}`,
        "  kubelet:",
        "    config:",
        `      maxPods: ${settings.maxPods}`,
        "      kubeReserved:",
        `        memory: ${kubeReservedMemoryMiB(settings.maxPods)}Mi`,
        ...(labels ? ["    flags:", `      - ${q(`--node-labels=${labels}`)}`] : []),
        "",
    ].join("\n");
}

/** The MIME multi-part document a managed node group's launch template carries. */
export function nodeUserData(settings: NodeSettings): string {
    return [
        "MIME-Version: 1.0",
        `Content-Type: multipart/mixed; boundary="${BOUNDARY}"`,
        "",
        `--${BOUNDARY}`,
        `Content-Type: ${NODEADM_CONTENT_TYPE}`,
        "",
        nodeConfigYaml(settings),
        `--${BOUNDARY}--`,
        "",
    ].join("\n");
}

/**
 * SSM parameter holding the current EKS-optimized AL2023 AMI (standard variant) for a Kubernetes minor version
 * and a CPU architecture: arm64 for Graviton node groups, x86_64 for the others.
 */
export function recommendedAmiParameter(kubernetesVersion: string, architecture: Architecture): string {
    return `/aws/service/eks/optimized-ami/${kubernetesVersion}/amazon-linux-2023/${architecture}/standard/recommended/image_id`;
}
