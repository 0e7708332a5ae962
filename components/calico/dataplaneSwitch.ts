/**
 * Pre-flight of a `dataplane` change on a running cluster. Pure: dataplanePreflight.ts reads the facts from
 * the cluster, this decides. Every problem names `dataplane` and a fix.
 *
 * A dataplane switch restarts calico-node on every node in the new mode (and swaps kube-proxy for Felix, or
 * back); a Calico version change restarts it in the new release. Both in one `up` would roll the nodes onto a
 * new release and a new dataplane at once, past the version pre-flight's point of no return, with no way to
 * tell which of the two broke a node. So one at a time, each its own `up`.
 */
import { ConfigProblem } from "../config/problems";
import { Dataplane } from "../config/types";

export interface DataplaneFacts {
    /** The dataplane the cluster's Installation names (absent field: Iptables); undefined when there is none. */
    readonly runningDataplane?: Dataplane | string;
    /** Chart version of the deployed tigera-operator release, when there is one. */
    readonly installedVersion?: string;
    /** Whether a kube-proxy DaemonSet (kube-system/kube-proxy) exists; read only for a BPF target. */
    readonly kubeProxyRunning?: boolean;
    /** Whether this same `up` removes kube-proxy (CalicoEksCluster deletes its managed add-on after the switch). */
    readonly kubeProxyRemovedHere?: boolean;
}

/** What the Installation's `calicoNetwork.linuxDataplane` means: Calico's default is Iptables. */
export function runningDataplaneOf(installation: unknown): string | undefined {
    if (!installation) {
        return undefined;
    }
    return (installation as { spec?: { calicoNetwork?: { linuxDataplane?: string } } }).spec?.calicoNetwork?.linuxDataplane ?? "Iptables";
}

export function dataplaneSwitchProblems(facts: DataplaneFacts, target: Dataplane, targetVersion: string): ConfigProblem[] {
    const running = facts.runningDataplane;
    const problems: ConfigProblem[] = [];
    if (target === "BPF" && facts.kubeProxyRunning && !facts.kubeProxyRemovedHere) {
        // Calico's manual eBPF path: kube-proxy goes first. Left running, it and Felix would both program
        // Services on every node (the automatic hand-over is for clusters whose kube-proxy Calico may patch).
        problems.push({
            key: "dataplane",
            message: "kube-proxy runs on this cluster (DaemonSet kube-system/kube-proxy), and nothing in this up removes it: under BPF Felix replaces it, and both would handle Services on every node",
            fix: "remove kube-proxy first (on EKS: aws eks delete-addon --cluster-name <cluster> --addon-name kube-proxy, or kubectl -n kube-system delete daemonset kube-proxy when it is self-managed), then up; or keep dataplane Iptables",
        });
    }
    if (running === undefined || running === target) {
        return problems;
    }
    if (running !== "Iptables" && running !== "BPF") {
        // Set by hand (Nftables, VPP): this program never wrote it and does not know how to leave it.
        problems.push({
            key: "dataplane",
            message: `the cluster's Installation runs the ${running} dataplane, which this program does not manage (it sets Iptables or BPF)`,
            fix: `switch the Installation back to Iptables by hand (kubectl patch installation default --type merge -p '{"spec":{"calicoNetwork":{"linuxDataplane":"Iptables"}}}'), then pulumi up`,
        });
        return problems;
    }
    if (facts.installedVersion && facts.installedVersion !== targetVersion) {
        problems.push({
            key: "dataplane",
            message: `this up would switch the dataplane from ${running} to ${target} and Calico from ${facts.installedVersion} to ${targetVersion} at once: calico-node would restart on every node in a new release and a new dataplane together`,
            fix: `one at a time: pulumi config set 'dataplane' ${running} && pulumi up (the upgrade to ${targetVersion}), then pulumi config set 'dataplane' ${target} && pulumi up; or keep calicoVersion ${facts.installedVersion} for the switch and upgrade after`,
        });
    }
    return problems;
}
