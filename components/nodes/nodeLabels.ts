/**
 * Which node labels a node group may carry. Pure.
 *
 * The labels reach the node twice: in the NodeConfig as the kubelet flag `--node-labels=k1=v1,k2=v2` (see
 * userData.ts), and as the EKS node group's `labels`. Both sides have rules, and breaking the kubelet's
 * leaves a node that never starts:
 * - Kubernetes label syntax (apimachinery `IsQualifiedName`, `IsValidLabelValue`), which the kubelet checks
 *   at start (`ValidateKubeletFlags`, cmd/kubelet/app/options). It also keeps the one flag unambiguous: the
 *   kubelet splits it at ',' and each pair at its first '='.
 * - The kubelet refuses to start with keys in the `kubernetes.io` / `k8s.io` namespaces (or their
 *   subdomains) unless they are in its own list (k8s.io/kubelet `pkg/apis/well_known_labels.go`): the
 *   namespaces `[*.]kubelet.kubernetes.io` and `[*.]node.kubernetes.io`, and the labels it sets itself.
 * - EKS (CreateNodegroup `labels`): keys and values of 1–63 characters.
 */
import { NODE_GROUP_LABEL } from "./nodeGroupNames";

/** Labels the kubelet sets itself from the instance (k8s.io/kubelet's `kubeletLabels`); a value here would be overwritten. */
const SET_BY_THE_KUBELET = [
    "kubernetes.io/hostname",
    "kubernetes.io/os",
    "kubernetes.io/arch",
    "beta.kubernetes.io/os",
    "beta.kubernetes.io/arch",
    "beta.kubernetes.io/instance-type",
    "node.kubernetes.io/instance-type",
    "topology.kubernetes.io/zone",
    "topology.kubernetes.io/region",
    "failure-domain.beta.kubernetes.io/zone",
    "failure-domain.beta.kubernetes.io/region",
];
const KUBELET_LABEL_NAMESPACES = ["kubelet.kubernetes.io", "node.kubernetes.io"];
const EKS_MAX_LENGTH = 63;

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** What is wrong with a label, in a sentence, and a key to use instead where one is evident. */
export interface LabelProblem {
    readonly reason: string;
    /** A key that says the same and that the kubelet and EKS accept. */
    readonly suggestedKey?: string;
}

function namespaceOf(key: string): string {
    const slash = key.indexOf("/");
    return slash < 0 ? "" : key.slice(0, slash);
}

function inNamespace(namespace: string, domain: string): boolean {
    return namespace === domain || namespace.endsWith(`.${domain}`);
}

/** Why the kubelet or EKS would refuse this label key, or undefined when both accept it. */
export function labelKeyProblem(key: string): LabelProblem | undefined {
    const namespace = namespaceOf(key);
    const name = key.slice(namespace ? namespace.length + 1 : 0);
    if (!LABEL_NAME.test(name) || name.length > 63 || (namespace && (!DNS_SUBDOMAIN.test(namespace) || namespace.length > 253))) {
        return { reason: "a label key is an optional DNS-subdomain prefix and '/', then a name of letters, digits, '-', '_' or '.' that starts and ends with a letter or digit" };
    }
    if (SET_BY_THE_KUBELET.includes(key)) {
        return { reason: "the kubelet sets this label itself from the instance, so a value here would be overwritten" };
    }
    if (namespace === "calico-eks" || key === NODE_GROUP_LABEL) {
        return { reason: `the program sets ${NODE_GROUP_LABEL} itself (the node's group)` };
    }
    if (inNamespace(namespace, "eks.amazonaws.com")) {
        return { reason: "eks.amazonaws.com/ is reserved for labels EKS sets", suggestedKey: name };
    }
    const kubernetesNamespace = inNamespace(namespace, "kubernetes.io") || inNamespace(namespace, "k8s.io");
    if (kubernetesNamespace && !KUBELET_LABEL_NAMESPACES.some(allowed => inNamespace(namespace, allowed))) {
        return {
            reason:
                "the kubelet refuses to start with --node-labels in the kubernetes.io or k8s.io namespaces " +
                `other than ${KUBELET_LABEL_NAMESPACES.map(n => `[*.]${n}/`).join(" and ")}, so the nodes would never join`,
            // node-role.kubernetes.io/worker is a role: say it as role=worker.
            suggestedKey: namespace === "node-role.kubernetes.io" ? "role" : name,
        };
    }
    if (key.length > EKS_MAX_LENGTH) {
        return { reason: `EKS accepts node group label keys of at most ${EKS_MAX_LENGTH} characters; this one has ${key.length}` };
    }
    return undefined;
}

/** Why the kubelet or EKS would refuse this label value, or undefined when both accept it. */
export function labelValueProblem(value: string): string | undefined {
    if (value === "") {
        return "EKS requires node group label values of 1–63 characters, so an empty value is refused";
    }
    if (/[,=]/.test(value)) {
        return "the labels reach the kubelet as one --node-labels=k1=v1,k2=v2 flag, so a ',' or '=' in a value would split it into other labels";
    }
    if (value.length > 63 || !/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(value)) {
        return "a label value is at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
    }
    return undefined;
}
