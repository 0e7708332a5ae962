/**
 * Cross-field checks on a config whose fields have already been read: names, versions, CIDR overlaps,
 * node group sizes and pod capacity. Pure; adds to `problems` and never throws.
 */
import { Cidr, cidrProblem, formatCidr, overlaps, parseCidr } from "../net/cidr";
import { poolCapacity } from "../net/capacity";
import { MAX_BLOCK_SIZE, MAX_PODS_LIMIT, MIN_BLOCK_SIZE, SUPPORTED_KUBERNETES_VERSIONS } from "./defaults";
import { Problems, setCommand } from "./problems";
import { CalicoEksConfig } from "./types";
import { hostPortPlan } from "../addons/hostPorts";
import { ADDONS, TWO_NODE_ADDONS } from "../addons/definitions";

/** EKS cluster names: 1–100 characters, a letter or digit first, then letters, digits, '-' and '_'. */
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
/** Kubernetes object names (pool and node group names end up as such). */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** The private ranges EKS accepts a service CIDR in. */
const SERVICE_CIDR_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map(parseCidr);

export function validateConfig(config: CalicoEksConfig, problems: Problems): void {
    validateControlPlane(config, problems);
    validateNetwork(config, problems);
    const ranges = validateCidrs(config, problems);
    validatePools(config, ranges, problems);
    validateTeams(config, ranges, problems);
    validateNodeGroups(config, problems);
    validateCapacity(config, problems);
    validateAddons(config, problems);
}

function validateAddons(config: CalicoEksConfig, problems: Problems): void {
    const { addons } = config;
    const ports: [string, number][] = [
        ["loadBalancerControllerWebhookPort", addons.loadBalancerController.webhookPort],
        ["metricsServerPort", addons.metricsServer.port],
        ["certManagerWebhookPort", addons.certManager.webhookPort],
    ];
    for (const [key, port] of ports) {
        if (port < 1024 || port > 65535) {
            problems.add(key, `port ${port} is outside 1024–65535`, setCommand(key, "<a free port, see the host-port plan>"));
        }
    }
    for (const addon of ADDONS) {
        if (addons[addon.name].enabled && !addons[addon.name].version) {
            problems.add(`${addon.name}Version`, `${addon.title} is enabled with no chart version`, setCommand(`${addon.name}Version`, addon.chart.version));
        }
    }
    const startingNodes = config.nodeGroups.reduce((sum, g) => sum + g.desiredSize, 0);
    const twoNode = TWO_NODE_ADDONS.filter(name => addons[name].enabled).map(name => ADDONS.find(a => a.name === name)!.title);
    if (twoNode.length > 0 && config.nodeGroups.length > 0 && startingNodes < 2) {
        problems.add(
            "nodeGroups[0].desiredSize",
            `${twoNode.join(" and ")} run two replicas that can never share a node (same host ports), but the node groups start with ${startingNodes} node`,
            `${setCommand("nodeGroups[0].desiredSize", "2")} (and maxSize ≥ 2), or disable those add-ons`,
        );
    }
    if (addons.externalDns.enabled && addons.externalDns.domainFilters.length === 0) {
        problems.add("externalDnsDomainFilters", "external-dns would manage records in every hosted zone it can see", `${setCommand("externalDnsDomainFilters[0]", "example.com")}: list the domains it may manage`);
    }
    for (const clash of hostPortPlan(addons).clashes) {
        const who = clash.owners.map(o => `${o.owner} (${o.purpose})`).join(" and ");
        const [key, ...others] = clash.configKeys;
        problems.add(
            key,
            `host port ${clash.protocol}/${clash.port} is bound by both ${who} on the same node`,
            (key.endsWith("Enabled") ? setCommand(key, "false") : setCommand(key, "<a free port: npm run plan lists the taken ones>")) + others.map(k => ` (or change ${k})`).join(""),
        );
    }
}

function validateControlPlane(config: CalicoEksConfig, problems: Problems): void {
    const { controlPlane } = config;
    if (!CLUSTER_NAME.test(controlPlane.clusterName)) {
        problems.add(
            "clusterName",
            `"${controlPlane.clusterName}" is not a valid EKS cluster name (1–100 letters, digits, '-' or '_', starting with a letter or digit)`,
            setCommand("clusterName", "my-calico-cluster"),
        );
    }
    if (!SUPPORTED_KUBERNETES_VERSIONS.includes(controlPlane.kubernetesVersion)) {
        problems.add(
            "kubernetesVersion",
            `"${controlPlane.kubernetesVersion}" is not a Kubernetes minor version EKS supports (${SUPPORTED_KUBERNETES_VERSIONS.join(", ")})`,
            setCommand("kubernetesVersion", SUPPORTED_KUBERNETES_VERSIONS[SUPPORTED_KUBERNETES_VERSIONS.length - 2]),
        );
    }
    if (!/^v\d+\.\d+\.\d+$/.test(config.calico.version)) {
        problems.add("calicoVersion", `"${config.calico.version}" is not a Calico release like v3.31.2 (an empty version would install whatever is newest)`, setCommand("calicoVersion", "v3.31.2"));
    }
    if (!controlPlane.endpointPublicAccess && !controlPlane.endpointPrivateAccess) {
        problems.add("endpointPublicAccess", "the API endpoint would be reachable from nowhere", setCommand("endpointPrivateAccess", "true"));
    }
    controlPlane.publicAccessCidrs.forEach((cidr, i) => {
        const problem = cidrProblem(cidr);
        if (problem) {
            problems.add(`publicAccessCidrs[${i}]`, problem, "list CIDRs like 203.0.113.0/24");
        }
    });
}

function validateNetwork({ network }: CalicoEksConfig, problems: Problems): void {
    if (network.existingVpcId) {
        if (!/^vpc-[0-9a-f]{8,17}$/.test(network.existingVpcId)) {
            problems.add("existingVpcId", `"${network.existingVpcId}" is not a VPC ID`, setCommand("existingVpcId", "vpc-0123456789abcdef0"));
        }
        if (network.existingPrivateSubnetIds.length < 2) {
            problems.add(
                "existingPrivateSubnetIds",
                `EKS needs private subnets in at least two AZs, got ${network.existingPrivateSubnetIds.length}`,
                "list two or more private subnet IDs of the VPC, each in a different AZ",
            );
        }
        [...network.existingPrivateSubnetIds.map((id, i) => [`existingPrivateSubnetIds[${i}]`, id]), ...network.existingPublicSubnetIds.map((id, i) => [`existingPublicSubnetIds[${i}]`, id])]
            .filter(([, id]) => !/^subnet-[0-9a-f]{8,17}$/.test(id))
            .forEach(([key, id]) => problems.add(key, `"${id}" is not a subnet ID`, "use IDs like subnet-0123456789abcdef0"));
        return;
    }
    if (network.existingPrivateSubnetIds.length > 0 || network.existingPublicSubnetIds.length > 0) {
        problems.add("existingVpcId", "subnet IDs are given but no existing VPC", setCommand("existingVpcId", "<the subnets' vpc-id>"));
    }
    const azCount = network.availabilityZones.length || network.availabilityZoneCount;
    const key = network.availabilityZones.length ? "availabilityZones" : "availabilityZoneCount";
    if (azCount < 2 || azCount > 6) {
        problems.add(key, `EKS needs subnets in at least two AZs and this VPC layout supports up to six; got ${azCount}`, setCommand("availabilityZoneCount", "3"));
    }
    if (new Set(network.availabilityZones).size !== network.availabilityZones.length) {
        problems.add("availabilityZones", "an AZ is listed twice", "list each AZ once");
    }
}

interface NamedRange {
    readonly key: string;
    readonly what: string;
    readonly cidr: Cidr;
}

/** Parses every address range, reporting the unparseable ones; returns those that parsed. */
function validateCidrs(config: CalicoEksConfig, problems: Problems): NamedRange[] {
    const ranges: NamedRange[] = [];
    const take = (key: string, what: string, text: string, example: string) => {
        const problem = cidrProblem(text);
        if (problem) {
            problems.add(key, problem, setCommand(key, example));
        } else {
            ranges.push({ key, what, cidr: parseCidr(text) });
        }
    };
    take("vpcCidr", "the VPC", config.network.vpcCidr, "192.168.0.0/16");
    take("serviceCidr", "the service CIDR", config.controlPlane.serviceCidr, "10.100.0.0/16");
    config.ipPools.forEach((pool, i) => take(`ipPools[${i}].cidr`, `pool "${pool.name}"`, pool.cidr, "172.16.0.0/16"));
    config.teams.forEach((team, i) => take(`teams[${i}].cidr`, `team "${team.name}"`, team.cidr, "172.20.0.0/20"));

    const vpc = ranges.find(r => r.key === "vpcCidr");
    if (vpc && !config.network.existingVpcId && (vpc.cidr.prefix < 16 || vpc.cidr.prefix > 24)) {
        problems.add("vpcCidr", `a new VPC must be between /16 and /24, got /${vpc.cidr.prefix}`, setCommand("vpcCidr", "192.168.0.0/16"));
    }
    const service = ranges.find(r => r.key === "serviceCidr");
    if (service) {
        const inPrivateRange = SERVICE_CIDR_RANGES.some(r => r.prefix <= service.cidr.prefix && overlaps(r, service.cidr));
        if (!inPrivateRange || service.cidr.prefix < 12 || service.cidr.prefix > 24) {
            problems.add("serviceCidr", `EKS takes a service CIDR between /12 and /24 inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, got ${formatCidr(service.cidr)}`, setCommand("serviceCidr", "10.100.0.0/16"));
        }
    }
    // Every pair of ranges must be disjoint: pods, Services and nodes share one routing space.
    for (let i = 0; i < ranges.length; i++) {
        for (let j = i + 1; j < ranges.length; j++) {
            if (overlaps(ranges[i].cidr, ranges[j].cidr)) {
                // Blame the range easiest to change: a team's, then a pool's, the service CIDR, the VPC last.
                const rank = (r: NamedRange) => ["teams", "ipPools", "serviceCidr", "vpcCidr"].findIndex(prefix => r.key.startsWith(prefix));
                // Between equals, the later entry is the one just added.
                const [a, b] = rank(ranges[i]) < rank(ranges[j]) ? [ranges[i], ranges[j]] : [ranges[j], ranges[i]];
                problems.add(a.key, `${formatCidr(a.cidr)} (${a.what}) overlaps ${formatCidr(b.cidr)} (${b.what}, ${b.key})`, setCommand(a.key, suggestFreeRange(ranges, a.cidr.prefix)));
            }
        }
    }
    return ranges;
}

function validatePools(config: CalicoEksConfig, ranges: NamedRange[], problems: Problems): void {
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

function validateTeams(config: CalicoEksConfig, ranges: NamedRange[], problems: Problems): void {
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

/**
 * A name that becomes a Kubernetes or AWS object name: a DNS label of at most `maxLength` characters, unique
 * among `seen` (to which it is added). Returns whether it passed.
 */
function validateName(key: string, name: string, rule: { what: string; maxLength: number; example: string }, seen: Set<string>, problems: Problems): boolean {
    if (!DNS_LABEL.test(name) || name.length > rule.maxLength) {
        problems.add(key, `"${name}" is not a valid ${rule.what} name (up to ${rule.maxLength} lower-case letters, digits and '-')`, setCommand(key, rule.example));
        return false;
    }
    if (seen.has(name)) {
        problems.add(key, `${rule.what} name "${name}" is used twice`, `give every ${rule.what} its own name`);
        return false;
    }
    seen.add(name);
    return true;
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

function validateNodeGroups(config: CalicoEksConfig, problems: Problems): void {
    if (config.nodeGroups.length === 0) {
        problems.add("nodeGroups", "no node group is configured, so no pod could run", "remove the key to get the default node group, or list at least one");
    }
    const seen = new Set<string>();
    config.nodeGroups.forEach((group, i) => {
        const key = `nodeGroups[${i}]`;
        validateName(`${key}.name`, group.name, { what: "node group", maxLength: 40, example: `group-${i}` }, seen, problems);
        if (group.instanceTypes.length === 0 || group.instanceTypes.some(t => !/^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(t))) {
            problems.add(`${key}.instanceTypes`, `expected one or more EC2 instance types, got ${JSON.stringify(group.instanceTypes)}`, "list instance types like [m5.large]");
        }
        if (group.minSize < 0) {
            problems.add(`${key}.minSize`, `minSize ${group.minSize} is negative`, setCommand(`${key}.minSize`, "1"));
        }
        if (group.maxSize < 1) {
            problems.add(`${key}.maxSize`, `maxSize ${group.maxSize} allows no node`, setCommand(`${key}.maxSize`, "3"));
        }
        if (group.minSize > group.maxSize) {
            problems.add(`${key}.minSize`, `minSize ${group.minSize} is greater than maxSize ${group.maxSize}`, `make minSize ≤ maxSize`);
        } else if (group.desiredSize < group.minSize || group.desiredSize > group.maxSize) {
            problems.add(`${key}.desiredSize`, `desiredSize ${group.desiredSize} is outside [minSize ${group.minSize}, maxSize ${group.maxSize}]`, `set desiredSize between ${group.minSize} and ${group.maxSize}`);
        }
        if (group.maxPods < 1 || group.maxPods > MAX_PODS_LIMIT) {
            problems.add(`${key}.maxPods`, `maxPods ${group.maxPods} is outside 1–${MAX_PODS_LIMIT}`, setCommand(`${key}.maxPods`, "100"));
        }
        if (group.amiId && !/^ami-[0-9a-f]{8,17}$/.test(group.amiId)) {
            problems.add(`${key}.amiId`, `"${group.amiId}" is not an AMI ID`, `use an EKS-optimized AL2023 AMI ID like ami-0123456789abcdef0, or "" for the current one`);
        }
        for (const label of Object.keys(group.labels)) {
            if (!/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(label) || label.startsWith("kubernetes.io/") || label.startsWith("eks.amazonaws.com/")) {
                problems.add(`${key}.labels`, `"${label}" is not a label key a node group may set`, "use keys like team or example.com/role, outside kubernetes.io/ and eks.amazonaws.com/");
            }
        }
        if (group.diskSizeGiB < 20 || group.diskSizeGiB > 16384) {
            problems.add(`${key}.diskSizeGiB`, `diskSizeGiB ${group.diskSizeGiB} is outside 20–16384`, setCommand(`${key}.diskSizeGiB`, "50"));
        }
    });
    if (config.nodeAccess.metadataHopLimit < 1 || config.nodeAccess.metadataHopLimit > 64) {
        problems.add("nodeMetadataHopLimit", `${config.nodeAccess.metadataHopLimit} is outside 1–64`, setCommand("nodeMetadataHopLimit", "1"));
    }
}

/**
 * The pools that every node draws from (selector `all()`, or all pools when none is that broad) must give
 * each node of every group, at its maxSize, enough blocks for maxPods pods.
 */
function validateCapacity(config: CalicoEksConfig, problems: Problems): void {
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

/** A range of the given size in 172.16.0.0/12 that none of the given ranges touches, for overlap fixes. */
function suggestFreeRange(ranges: NamedRange[], prefix: number): string {
    const space = parseCidr("172.16.0.0/12");
    const size = 2 ** (32 - Math.max(prefix, space.prefix));
    for (let network = space.network; network < space.network + 2 ** 20 && network - space.network < 4096 * size; network += size) {
        const candidate = { network, prefix: Math.max(prefix, space.prefix) };
        if (!ranges.some(r => overlaps(r.cidr, candidate))) {
            return formatCidr(candidate);
        }
    }
    return "<an unused private range>";
}
