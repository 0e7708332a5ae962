/**
 * User data for AL2023 nodes of an overlay cluster. Pure.
 *
 * EKS managed node groups merge their own nodeadm NodeConfig (cluster endpoint, CA, ...) with the parts
 * given here, so only the kubelet settings the overlay changes appear:
 * - maxPods: without the VPC CNI a node's pod count is no longer bound to its ENI addresses, but nodeadm
 *   still derives maxPods from the ENI limit (29 on an m5.large) unless told.
 * - kubeReserved memory: nodeadm sizes it from that same ENI-derived count; sized here for maxPods so the
 *   kubelet keeps enough memory back for 100 pods' worth of system overhead. CPU keeps nodeadm's value.
 */
import { kubeReservedMemoryMiB } from "../net/capacity";

export const NODEADM_CONTENT_TYPE = "application/node.eks.aws";
const BOUNDARY = "==CALICO-EKS==";

export interface KubeletSettings {
    readonly maxPods: number;
}

export function nodeConfigYaml(settings: KubeletSettings): string {
    return [
        "apiVersion: node.eks.aws/v1alpha1",
        "kind: NodeConfig",
        "spec:",
        "  kubelet:",
        "    config:",
        `      maxPods: ${settings.maxPods}`,
        "      kubeReserved:",
        `        memory: ${kubeReservedMemoryMiB(settings.maxPods)}Mi`,
        "",
    ].join("\n");
}

/** The MIME multi-part document EKS expects in a managed node group's launch template. */
export function nodeUserData(settings: KubeletSettings): string {
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
