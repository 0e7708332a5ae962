/**
 * The CalicoEksClusters of one program run, so that a second one is checked against the first: one EKS cluster
 * name per account and region (its log group `/aws/eks/<name>/cluster` and every AWS name built from it would
 * collide), and address ranges that stay apart (a pod range inside the other cluster's VPC makes that VPC
 * unreachable from the pods, since Calico routes pool addresses inside its own cluster; disjoint ranges also keep
 * flow logs and network policies unambiguous and the clusters connectable later).
 *
 * Pure apart from where the list lives: one list per Pulumi program run (the runtime's store), so that an
 * Automation API service running the program again, in the same process, starts empty.
 */
import { ConfigProblem } from "./config/problems";
import { CalicoEksConfig } from "./stack/types";
import { Cidr, formatCidr, overlaps, parseCidr } from "./net/cidr";
import { teamPoolName } from "./calico/installationValues";

export interface RegisteredCluster {
    /** The component's name. */
    readonly component: string;
    readonly clusterName: string;
    /** The VPC's CIDR, and the existing VPC's ID ("" for a new VPC, "(output)" when only known later). */
    readonly vpcCidr: string;
    readonly existingVpcId: string;
    /** Every pool's range (the IP pools, then the teams'), with the argument that sets it. */
    readonly podRanges: { readonly key: string; readonly what: string; readonly cidr: string }[];
}

/** What a cluster's config registers. */
export function registration(component: string, config: CalicoEksConfig, existingVpcId: string): RegisteredCluster {
    return {
        component,
        clusterName: config.controlPlane.clusterName,
        vpcCidr: config.network.vpcCidr,
        existingVpcId,
        podRanges: [
            ...config.ipPools.map((p, i) => ({ key: `ipPools[${i}].cidr`, what: `pool "${p.name}"`, cidr: p.cidr })),
            ...config.teams.map((t, i) => ({ key: `teams[${i}].cidr`, what: `pool "${teamPoolName(t)}"`, cidr: t.cidr })),
        ],
    };
}

/** The problems of registering `next` beside `others`, each naming both components, the argument and the fix. */
export function conflicts(next: RegisteredCluster, others: readonly RegisteredCluster[]): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    const taken = others.flatMap(o => [parseCidr(o.vpcCidr), ...o.podRanges.map(r => parseCidr(r.cidr))]);
    const mine = (exclude: string) => [parseCidr(next.vpcCidr), ...next.podRanges.filter(r => r.key !== exclude).map(r => parseCidr(r.cidr))];
    for (const other of others) {
        const them = `CalicoEksCluster "${other.component}" (cluster ${other.clusterName})`;
        if (other.clusterName === next.clusterName) {
            problems.push({
                key: "clusterName",
                message: `${them} already has the cluster name "${next.clusterName}"; EKS cluster names are unique per account and region, and the control-plane log group and node group names are built from it`,
                fix: `set clusterName to another name, e.g. "${next.clusterName}-2"`,
            });
        }
        // Two clusters in one existing VPC share its CIDR by design.
        const sameVpc = next.existingVpcId !== "" && next.existingVpcId === other.existingVpcId;
        if (!sameVpc && overlaps(parseCidr(next.vpcCidr), parseCidr(other.vpcCidr))) {
            problems.push({
                key: "vpcCidr",
                message: `${next.vpcCidr} (the VPC) overlaps ${other.vpcCidr}, the VPC of ${them}: the VPCs could never be peered or joined by a transit gateway`,
                fix: `set vpcCidr to ${freeRange(parseCidr(next.vpcCidr).prefix, [...taken, ...next.podRanges.map(r => parseCidr(r.cidr))], "10.0.0.0/8")} (only before the first up: a new CIDR replaces the VPC)`,
            });
        }
        for (const range of next.podRanges) {
            const cidr = parseCidr(range.cidr);
            const hit = [{ what: "the VPC", cidr: other.vpcCidr }, ...other.podRanges.map(r => ({ what: r.what, cidr: r.cidr }))].find(r => overlaps(cidr, parseCidr(r.cidr)));
            if (hit) {
                const consequence =
                    hit.what === "the VPC"
                        ? "pods of this cluster could not reach that VPC (Calico routes the range inside this cluster)"
                        : "pod addresses of the two clusters would be ambiguous in flow logs, policies and any later connection of the clusters";
                problems.push({
                    key: range.key,
                    message: `${range.cidr} (${range.what}) overlaps ${hit.cidr} (${hit.what} of ${them}): ${consequence}`,
                    fix: `set ${range.key} to ${freeRange(cidr.prefix, [...taken, ...mine(range.key)], "172.16.0.0/12")}`,
                });
            }
        }
    }
    return problems;
}

/** A range of the given size in `space` that touches none of `used`, for the fixes. */
function freeRange(prefix: number, used: Cidr[], space: string): string {
    const within = parseCidr(space);
    const size = Math.max(prefix, within.prefix);
    const step = 2 ** (32 - size);
    for (let network = within.network; network < within.network + 2 ** (32 - within.prefix); network += step) {
        const candidate = { network, prefix: size };
        if (!used.some(u => overlaps(u, candidate))) {
            return formatCidr(candidate);
        }
    }
    return "<an unused private range>";
}

/** The clusters registered in this program run. */
const runs = new WeakMap<object, RegisteredCluster[]>();
let fallback: RegisteredCluster[] = [];

function currentRun(): RegisteredCluster[] {
    // The runtime's store: one per program run (the Automation API runs each operation in a new one).
    const store: object | undefined = require("@pulumi/pulumi/runtime/state").getStore?.();
    if (!store) {
        return fallback;
    }
    if (!runs.has(store)) {
        runs.set(store, []);
    }
    return runs.get(store)!;
}

/** Registers a cluster when nothing conflicts; returns the conflicts otherwise (and registers nothing). */
export function registerCluster(next: RegisteredCluster): ConfigProblem[] {
    const run = currentRun();
    const problems = conflicts(next, run);
    if (problems.length === 0) {
        run.push(next);
    }
    return problems;
}

/** Forgets every cluster of the current run: for test harnesses that run several programs in one runtime. */
export function forgetRegisteredClusters(): void {
    currentRun().length = 0;
    fallback = [];
}
