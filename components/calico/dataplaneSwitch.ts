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
    if (running === undefined || running === target) {
        return [];
    }
    const problems: ConfigProblem[] = [];
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
