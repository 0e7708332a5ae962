/**
 * Checks of `dataplane` against the rest of the config: what Calico's eBPF dataplane rules out on EKS, before
 * anything is created. Pure; adds to `problems` and never throws.
 */
import { Problems, setCommand } from "../config/problems";
import type { CalicoEksConfig } from "../stack/types";

/** Calico's eBPF dataplane needs this kernel or newer (v5.8+ with CO-RE recommended); EKS AL2023 AMIs run 6.1+. */
export const BPF_MIN_KERNEL = "5.3";

export function validateDataplane(config: CalicoEksConfig, problems: Problems): void {
    if (config.calico.dataplane !== "BPF") {
        return;
    }
    if (config.controlPlane.bootstrapSelfManagedAddons) {
        // EKS then installs kube-proxy as a plain DaemonSet at creation: no managed add-on this program could
        // leave out, and Felix and kube-proxy would both program Services on every node.
        problems.add(
            "dataplane",
            "BPF replaces kube-proxy, but with bootstrapSelfManagedAddons true EKS installs a self-managed kube-proxy DaemonSet when it creates the cluster, which this program does not own and cannot leave out; kube-proxy and Felix would both handle Services on every node",
            `${setCommand("bootstrapSelfManagedAddons", "false")} (read only when the cluster is created: for a running cluster, destroy and re-create it), or ${setCommand("dataplane", "Iptables")}`,
        );
    }
    config.nodeGroups.forEach((group, i) => {
        if (group.amiId) {
            problems.warn(
                `nodeGroups[${i}].amiId`,
                `Calico's eBPF dataplane needs a Linux kernel ${BPF_MIN_KERNEL} or newer with BPF enabled; the kernel of the pinned ${group.amiId} cannot be checked offline, and on an older one calico-node never becomes ready on group "${group.name}"'s nodes`,
                `pin an EKS-optimized Amazon Linux 2023 AMI (kernel 6.1 or newer), or leave amiId empty for the current one`,
            );
        }
    });
}
