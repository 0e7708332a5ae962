/**
 * Checks of the Calico side: IP pools, team pools and their namespaces, block sizes and whether
 * the pools hold every node the node groups may grow to. Pure; adds to `problems` and never throws.
 */
import { cidrProblem, formatCidr, parseCidr } from "../net/cidr";
import { poolCapacity } from "../net/capacity";
import { DNS_LABEL, NamedRange, validateName } from "../config/checks";
import { MAX_BLOCK_SIZE, MAX_PODS_LIMIT, MAX_QUIET_BLOCKS_PER_NODE, MIN_BLOCK_SIZE, NODE_GROUP_LABEL } from "../config/defaults";
import { Problems, setCommand } from "../config/problems";
import { IpPoolConfig, NodeGroupConfig } from "../config/types";
import type { CalicoEksConfig } from "../stack/types";
import { parseSelector, undecidableLabels } from "./nodeSelector";

export function validatePools(config: CalicoEksConfig, ranges: NamedRange[], problems: Problems): void {
    if (config.ipPools.length === 0) {
        problems.add("ipPools", "no IP pool is configured, so pods would get no addresses", "remove the key to get the default pool 172.16.0.0/16, or list at least one pool");
    }
    const seen = new Set<string>();
    config.ipPools.forEach((pool, i) => {
        const key = `ipPools[${i}]`;
        validateName(`${key}.name`, pool.name, { what: "pool", maxLength: 63, example: `pool-${i}` }, seen, problems);
        validateBlockSize(key, pool.blockSize, ranges, problems);
        validateSelector(`${key}.nodeSelector`, pool.nodeSelector, problems);
    });
}

function validateSelector(key: string, selector: string, problems: Problems): void {
    if (!selector) {
        problems.add(key, "an empty node selector matches no node", setCommand(key, "'all()'"));
        return;
    }
    const parsed = parseSelector(selector);
    if (!parsed.ok) {
        // Calico would refuse the pool, and the operator would leave the cluster without it.
        const example = `"${NODE_GROUP_LABEL} == 'workers'"`;
        problems.add(key, `"${selector}" is not a Calico selector: ${parsed.error}`, `${setCommand(key, example)} (Calico selectors: all(), has(k), k == 'v', k != 'v', &&, ||; values in quotes)`);
    }
}

/** Namespaces the cluster or the program already owns; a team cannot take them. */
const RESERVED_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease", "tigera-operator", "calico-system", "calico-apiserver", "cert-manager", "external-dns"];

export function validateTeams(config: CalicoEksConfig, ranges: NamedRange[], problems: Problems): void {
    const teamNames = new Set<string>();
    const namespaces = new Map<string, string>();
    const poolNames = new Set(config.ipPools.map(p => p.name));
    config.teams.forEach((team, i) => {
        const key = `teams[${i}]`;
        if (validateName(`${key}.name`, team.name, { what: "team", maxLength: 40, example: "payments" }, teamNames, problems) && poolNames.has(`${team.name}-pool`)) {
            problems.add(`${key}.name`, `the team's pool "${team.name}-pool" has the name of an entry in ipPools`, "rename the team or the pool");
        }
        if (team.namespaces.length === 0) {
            problems.add(`${key}.namespaces`, `team "${team.name}" has no namespace`, "list at least one namespace");
        }
        team.namespaces.forEach((namespace, j) => {
            const nsKey = `${key}.namespaces[${j}]`;
            if (!DNS_LABEL.test(namespace) || namespace.length > 63) {
                problems.add(nsKey, `"${namespace}" is not a valid namespace name (up to 63 lower-case letters, digits and '-')`, "use a DNS label such as payments-api");
            } else if (RESERVED_NAMESPACES.includes(namespace)) {
                problems.add(nsKey, `namespace "${namespace}" belongs to the cluster or to this program`, "choose a namespace of the team's own");
            } else if (namespaces.has(namespace)) {
                problems.add(nsKey, `namespace "${namespace}" is already given to team "${namespaces.get(namespace)}"`, "give each namespace to one team");
            }
            namespaces.set(namespace, team.name);
        });
        validateBlockSize(key, team.blockSize, ranges, problems);
    });
}

/** A pool's (or team's) block size: within Calico's range and no larger than the pool at `<key>.cidr`. */
function validateBlockSize(key: string, blockSize: number, ranges: NamedRange[], problems: Problems): void {
    if (blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE) {
        problems.add(`${key}.blockSize`, `${blockSize} is outside Calico's IPv4 block size range ${MIN_BLOCK_SIZE}–${MAX_BLOCK_SIZE}`, setCommand(`${key}.blockSize`, "26"));
    }
    const range = ranges.find(r => r.key === `${key}.cidr`);
    if (range && blockSize < range.cidr.prefix) {
        problems.add(
            `${key}.blockSize`,
            `a /${blockSize} block is larger than its pool ${formatCidr(range.cidr)}`,
            `${setCommand(`${key}.blockSize`, String(Math.max(range.cidr.prefix, 26)))}, or give the pool a larger cidr`,
        );
    }
}

/** The labels every node of a group carries: the group's own and the one naming the group. */
export function nodeLabelsOf(group: NodeGroupConfig): Record<string, string> {
    return { ...group.labels, [NODE_GROUP_LABEL]: group.name };
}

/** Which node groups a pool gives addresses to, as far as the config can tell. */
export interface PoolService {
    readonly pool: IpPoolConfig;
    readonly index: number;
    /** Groups whose nodes the selector matches; undefined when the selector names labels only nodes know. */
    readonly groups: NodeGroupConfig[] | undefined;
    /** The labels that made it undecidable. */
    readonly undecidableLabels: string[];
    /** Why the selector does not parse (refused by validatePools), if it does not. */
    readonly selectorError?: string;
}

export function poolServices(config: CalicoEksConfig): PoolService[] {
    return config.ipPools.map((pool, index) => {
        const parsed = parseSelector(pool.nodeSelector);
        const unknown = undecidableLabels(parsed);
        if (!parsed.ok) {
            return { pool, index, groups: undefined, undecidableLabels: [], selectorError: parsed.error };
        }
        if (unknown.length > 0) {
            return { pool, index, groups: undefined, undecidableLabels: unknown };
        }
        return { pool, index, groups: config.nodeGroups.filter(g => parsed.matches(nodeLabelsOf(g))), undecidableLabels: [] };
    });
}

/** What the plan says a pool serves. */
export function servedGroupsText(service: PoolService): string {
    if (!service.groups) {
        return service.selectorError ? "groups: invalid selector" : `groups: not decidable from the config (${service.undecidableLabels.join(", ")})`;
    }
    return service.groups.length ? `groups: ${service.groups.map(g => g.name).join(", ")}` : "groups: none";
}

/**
 * Every node group, at its maxSize, must get enough blocks for maxPods pods from the pools whose nodeSelector
 * matches its nodes; pools shared by several groups must hold all of their nodes at once.
 */
export function validateCapacity(config: CalicoEksConfig, problems: Problems): void {
    const groups = config.nodeGroups.filter(g => g.maxPods >= 1 && g.maxPods <= MAX_PODS_LIMIT && g.maxSize >= 1);
    const all = poolServices(config);
    // Pools with a bad cidr or block size are refused already; they still count as serving their groups.
    const services = all.filter(s => !cidrProblem(s.pool.cidr) && s.pool.blockSize >= MIN_BLOCK_SIZE && s.pool.blockSize <= MAX_BLOCK_SIZE && s.pool.blockSize >= parseCidr(s.pool.cidr).prefix);
    if (groups.length === 0 || all.length === 0) {
        return;
    }
    // Pools whose groups are not known: a selector on node-only labels (told here) or one that does not parse
    // (refused already; once fixed, it may serve the groups that look unserved now).
    const undecided = all.filter(s => !s.groups);
    for (const s of undecided.filter(s => !s.selectorError)) {
        problems.warn(
            `ipPools[${s.index}].nodeSelector`,
            `"${s.pool.nodeSelector}" names labels the kubelet or EKS set (${s.undecidableLabels.join(", ")}), whose values only the running nodes know, so capacity was not checked for this pool`,
            `select node groups by their own labels, e.g. ${setCommand(`ipPools[${s.index}].nodeSelector`, `"${NODE_GROUP_LABEL} == '${groups[0].name}'"`)}`,
        );
    }
    // Harmless to the cluster, but usually a typo in a group name or label: the pool's addresses go unused.
    for (const s of all.filter(s => s.groups?.length === 0)) {
        problems.warn(
            `ipPools[${s.index}].nodeSelector`,
            `pool "${s.pool.name}" selects no node group ("${s.pool.nodeSelector}" matches none of ${groups.map(g => `"${g.name}"`).join(", ")}), so no node takes addresses from it`,
            `${setCommand(`ipPools[${s.index}].nodeSelector`, `"${NODE_GROUP_LABEL} == '${groups[0].name}'"`)}, or remove the pool`,
        );
    }
    // With an undecidable pool in play, a shortfall may be made up by it: tell, do not refuse.
    const report = undecided.length > 0 ? problems.warn.bind(problems) : problems.add.bind(problems);
    const servedBy = (g: NodeGroupConfig) => services.filter(s => s.groups?.includes(g));
    const shortOnTheirOwn = new Set<NodeGroupConfig>();

    for (const group of groups) {
        const i = config.nodeGroups.indexOf(group);
        const serving = servedBy(group);
        if (!all.some(s => s.groups?.includes(group))) {
            if (undecided.length === 0) {
                problems.add(
                    `nodeGroups[${i}].labels`,
                    `no IP pool's nodeSelector matches the nodes of group "${group.name}" (labels ${labelsText(group)}), so its pods would get no address`,
                    `add a pool with nodeSelector "${NODE_GROUP_LABEL} == '${group.name}'", or widen a pool's selector, e.g. ${setCommand(`ipPools[${all[0].index}].nodeSelector`, "'all()'")}`,
                );
            }
            continue;
        }
        if (serving.length === 0) {
            continue;
        }
        if (!checkHolds([group], serving, config, report)) {
            shortOnTheirOwn.add(group);
        }
        warnOnManyBlocks(group, serving, problems);
    }
    // Pools serving several groups: each group may fit alone, yet not all of them together. (A group that does
    // not even fit alone is reported once, above.)
    for (const component of sharedComponents(groups, servedBy).filter(c => !c.some(g => shortOnTheirOwn.has(g)))) {
        const pools = services.filter(s => s.groups?.some(g => component.includes(g)));
        checkHolds(component, pools, config, report);
    }
}

/**
 * Without natOutgoing, a pod's packets leave the cluster with its overlay address, and nothing outside (the
 * VPC, the EKS API endpoint, NAT gateways) has a route back to it. A group whose every pool does that cannot
 * run anything that talks to the API server (CoreDNS, operators) on its nodes.
 */
export function validateNatOutgoing(config: CalicoEksConfig, problems: Problems): void {
    const services = poolServices(config);
    const consequence = "pods with its addresses cannot reach anything outside the pod pools: the VPC, the EKS API server, NAT gateways and the internet have no route back to overlay addresses";
    for (const service of services.filter(s => s.pool.natOutgoing === "Disabled")) {
        const key = `ipPools[${service.index}].natOutgoing`;
        const stranded = (service.groups ?? []).filter(g => services.every(s => !s.groups?.includes(g) || s.pool.natOutgoing === "Disabled"));
        if (stranded.length > 0) {
            problems.add(
                key,
                `pool "${service.pool.name}" is all that group${stranded.length > 1 ? "s" : ""} ${stranded.map(g => `"${g.name}"`).join(", ")} draw${stranded.length > 1 ? "" : "s"} from, and ${consequence}, so system pods there (CoreDNS, controllers) could not reach the API server`,
                setCommand(key, "Enabled"),
            );
        } else {
            problems.warn(key, `${consequence}; use it only for pods that talk to other pods`, `${setCommand(key, "Enabled")} unless that is intended`);
        }
    }
}

/** Whether `pools` hold every node `groups` may grow to; reports the shortfall on the first pool's cidr if not. */
function checkHolds(groups: NodeGroupConfig[], pools: PoolService[], config: CalicoEksConfig, report: Problems["add"]): boolean {
    const needed = groups.reduce((sum, g) => sum + g.maxSize, 0);
    const holds = pools.map(s => {
        // A pool serves a node at the largest maxPods among the groups (of these) it serves.
        const maxPods = Math.max(...groups.filter(g => s.groups?.includes(g)).map(g => g.maxPods));
        return { s, maxPods, capacity: poolCapacity(parseCidr(s.pool.cidr), s.pool.blockSize, maxPods) };
    });
    const available = holds.reduce((sum, h) => sum + h.capacity.nodesItCanHold, 0);
    if (available >= needed) {
        return true;
    }
    const first = holds[0];
    const detail = holds
        .map(
            h =>
                `"${h.s.pool.name}" ${h.s.pool.cidr} holds ${h.capacity.nodesItCanHold} at maxPods ${h.maxPods} (${h.capacity.blocksInPool} /${h.s.pool.blockSize} blocks, ${h.capacity.blocksPerNode} per node)`,
        )
        .join("; ");
    const who = groups.length === 1 ? `group "${groups[0].name}"` : `groups ${groups.map(g => `"${g.name}"`).join(", ")}, which share pools,`;
    const blocksNeeded = needed * first.capacity.blocksPerNode;
    const prefix = Math.max(0, first.s.pool.blockSize - Math.ceil(Math.log2(blocksNeeded)));
    const lowerMax =
        groups.length === 1 && available >= Math.max(1, groups[0].minSize, groups[0].desiredSize)
            ? `, or ${setCommand(`nodeGroups[${config.nodeGroups.indexOf(groups[0])}].maxSize`, String(available))}`
            : "";
    report(
        `ipPools[${first.s.index}].cidr`,
        `${who} may grow to ${needed} nodes, but the pools that select ${groups.length === 1 ? "its" : "their"} nodes hold ${available}: ${detail}`,
        `give pool "${first.s.pool.name}" a /${prefix} or larger cidr, add a pool that selects these nodes${lowerMax}`,
    );
    return false;
}

/** Many small blocks per node work, but each block is a route in every node's table. */
function warnOnManyBlocks(group: NodeGroupConfig, serving: PoolService[], problems: Problems): void {
    for (const s of serving) {
        const capacity = poolCapacity(parseCidr(s.pool.cidr), s.pool.blockSize, group.maxPods);
        if (capacity.blocksPerNode > MAX_QUIET_BLOCKS_PER_NODE) {
            const fitting = Math.max(MIN_BLOCK_SIZE, parseCidr(s.pool.cidr).prefix, 32 - Math.ceil(Math.log2(group.maxPods + 1)));
            problems.warn(
                `ipPools[${s.index}].blockSize`,
                `a node of group "${group.name}" (maxPods ${group.maxPods}) needs ${capacity.blocksPerNode} /${s.pool.blockSize} blocks; every block is a route on every node and blocks are not returned while in use`,
                `${setCommand(`ipPools[${s.index}].blockSize`, String(Math.min(fitting, 26)))} (only while the pool does not exist yet: the block size is fixed at creation)`,
            );
        }
    }
}

/** Groups connected through shared pools, for every connection of two or more groups. */
function sharedComponents(groups: NodeGroupConfig[], servedBy: (g: NodeGroupConfig) => PoolService[]): NodeGroupConfig[][] {
    const components: NodeGroupConfig[][] = [];
    const seen = new Set<NodeGroupConfig>();
    for (const start of groups) {
        if (seen.has(start)) {
            continue;
        }
        const component: NodeGroupConfig[] = [];
        const queue = [start];
        seen.add(start);
        while (queue.length) {
            const g = queue.shift()!;
            component.push(g);
            for (const other of groups) {
                if (!seen.has(other) && servedBy(g).some(s => s.groups?.includes(other))) {
                    seen.add(other);
                    queue.push(other);
                }
            }
        }
        if (component.length > 1) {
            components.push(component);
        }
    }
    return components;
}

function labelsText(group: NodeGroupConfig): string {
    return Object.entries(nodeLabelsOf(group))
        .map(([k, v]) => `${k}=${v}`)
        .join(", ");
}
