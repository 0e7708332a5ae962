/**
 * Checks of the Calico side: IP pools, team pools and their namespaces, block sizes and whether
 * the pools hold every node the node groups may grow to. Pure; adds to `problems` and never throws.
 */
import { cidrProblem, formatCidr, parseCidr } from "../net/cidr";
import { poolCapacity } from "../net/capacity";
import { DNS_LABEL, NamedRange, validateName } from "../config/checks";
import { MAX_BLOCK_SIZE, MAX_PODS_LIMIT, MIN_BLOCK_SIZE } from "../config/defaults";
import { Problems, setCommand } from "../config/problems";
import { CalicoEksConfig } from "../config/types";

export function validatePools(config: CalicoEksConfig, ranges: NamedRange[], problems: Problems): void {
    if (config.ipPools.length === 0) {
        problems.add("ipPools", "no IP pool is configured, so pods would get no addresses", "remove the key to get the default pool 172.16.0.0/16, or list at least one pool");
    }
    const seen = new Set<string>();
    config.ipPools.forEach((pool, i) => {
        const key = `ipPools[${i}]`;
        validateName(`${key}.name`, pool.name, { what: "pool", maxLength: 63, example: `pool-${i}` }, seen, problems);
        validateBlockSize(key, pool.blockSize, ranges, problems);
        if (!pool.nodeSelector) {
            problems.add(`${key}.nodeSelector`, "an empty node selector matches no node", setCommand(`${key}.nodeSelector`, "'all()'"));
        }
    });
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
        problems.add(`${key}.blockSize`, `a /${blockSize} block is larger than its pool ${formatCidr(range.cidr)}`, `${setCommand(`${key}.blockSize`, String(Math.max(range.cidr.prefix, 26)))}, or give the pool a larger cidr`);
    }
}

/**
 * The pools that every node draws from (selector `all()`, or all pools when none is that broad) must give
 * each node of every group, at its maxSize, enough blocks for maxPods pods.
 */
export function validateCapacity(config: CalicoEksConfig, problems: Problems): void {
    const groups = config.nodeGroups.filter(g => g.maxPods >= 1 && g.maxPods <= MAX_PODS_LIMIT && g.maxSize >= 1);
    const usable = config.ipPools.filter(p => !cidrProblem(p.cidr) && p.blockSize >= MIN_BLOCK_SIZE && p.blockSize <= MAX_BLOCK_SIZE);
    if (groups.length === 0 || usable.length === 0) {
        return;
    }
    const shared = usable.some(p => p.nodeSelector === "all()") ? usable.filter(p => p.nodeSelector === "all()") : usable;
    const maxPods = Math.max(...groups.map(g => g.maxPods));
    const maxNodes = groups.reduce((sum, g) => sum + g.maxSize, 0);
    const capacities = shared.map(p => ({ pool: p, capacity: poolCapacity(parseCidr(p.cidr), p.blockSize, maxPods) }));
    const nodes = capacities.reduce((sum, c) => sum + c.capacity.nodesItCanHold, 0);
    if (nodes < maxNodes) {
        const detail = capacities
            .map(c => `${c.pool.name} ${c.pool.cidr} holds ${c.capacity.nodesItCanHold} (${c.capacity.blocksInPool} /${c.pool.blockSize} blocks, ${c.capacity.blocksPerNode} per node)`)
            .join("; ");
        const index = config.ipPools.indexOf(shared[0]);
        problems.add(
            `ipPools[${index}].cidr`,
            `the pools hold ${nodes} nodes at maxPods ${maxPods}, but the node groups may grow to ${maxNodes} nodes: ${detail}`,
            "use a larger pool cidr, add a pool, or lower the node groups' maxSize or maxPods",
        );
    }
}
