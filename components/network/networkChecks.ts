/**
 * Checks of the VPC, its subnets and every address range of the config (VPC, services, pools, teams),
 * which must not overlap. Pure; adds to `problems` and never throws.
 */
import { canonicalCidr, Cidr, cidrProblem, contains, formatCidr, overlaps, parseCidr, specialRangeOf } from "../net/cidr";
import { NamedRange } from "../config/checks";
import { CONFIG_DEFAULTS } from "../config/defaults";
import { Problems, setCommand } from "../config/problems";
import type { CalicoEksConfig } from "../stack/types";
import type { ResolveContext } from "../stack/resolve";
import { planSubnets } from "../net/subnetPlan";

/** The private ranges EKS accepts a service CIDR in. */
const SERVICE_CIDR_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map(parseCidr);
/** Ranges no address plan of a cluster may touch: hosts and routers give them a fixed meaning. */
const UNUSABLE_RANGES = ["0.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "224.0.0.0/4", "240.0.0.0/4"];
/** Ranges it is normal to number a VPC, Services or pods from. */
const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"].map(parseCidr);
/** Docker's default bridge network; AWS also reserves it for some services in VPCs. */
const DOCKER_BRIDGE = parseCidr("172.17.0.0/16");

/** EC2's default quota of Elastic IPs per region. */
const EIP_QUOTA = 5;
/** An AZ name: region, then one letter (eu-west-1a, us-gov-west-1b). */
const AZ_NAME = /^([a-z]{2}(?:-[a-z]+)+-\d+)([a-z])$/;
/** A Local Zone or Wavelength Zone name: region, a location, a number, a letter (us-west-2-lax-1a). */
const EDGE_ZONE_NAME = /^([a-z]{2}(?:-[a-z]+)+-\d+)-[a-z0-9]+(?:-[a-z0-9]+)*-\d+[a-z]$/;
/** An AZ ID (use1-az1): the same physical zone in every account, but subnets here are placed by name. */
const AZ_ID = /^[a-z]{2,5}\d+-az\d+$/;

export function validateNetwork({ network }: CalicoEksConfig, problems: Problems, context: ResolveContext = {}): void {
    if (network.existingVpcId) {
        validateExistingVpc(network, problems);
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
    if (network.availabilityZones.length > 0 && network.availabilityZoneCount !== CONFIG_DEFAULTS.availabilityZoneCount && network.availabilityZoneCount !== network.availabilityZones.length) {
        problems.warn(
            "availabilityZoneCount",
            `availabilityZones lists ${network.availabilityZones.length} AZs, so availabilityZoneCount ${network.availabilityZoneCount} is ignored`,
            "pulumi config rm availabilityZoneCount",
        );
    }
    if (network.natGateways === "perAz" && azCount > EIP_QUOTA) {
        // Each NAT gateway takes an Elastic IP; the account's default is 5 per region.
        problems.warn(
            "natGateways",
            `one NAT gateway per AZ takes ${azCount} Elastic IPs, more than the default quota of ${EIP_QUOTA} per region (shared with every other EIP of the account there): without a raised quota the VPC is left half built`,
            `request a higher "EC2-VPC Elastic IPs" quota first, or ${setCommand("natGateways", "single")}`,
        );
    }
    validateAzNames(network.availabilityZones, problems, context.region);
}

function validateExistingVpc(network: CalicoEksConfig["network"], problems: Problems): void {
    if (!/^vpc-[0-9a-f]{8,17}$/.test(network.existingVpcId)) {
        problems.add("existingVpcId", `"${network.existingVpcId}" is not a VPC ID`, setCommand("existingVpcId", "vpc-0123456789abcdef0"));
    }
    const distinctPrivate = new Set(network.existingPrivateSubnetIds).size;
    if (distinctPrivate < 2) {
        problems.add("existingPrivateSubnetIds", `EKS needs private subnets in at least two AZs, got ${distinctPrivate}`, "list two or more private subnet IDs of the VPC, each in a different AZ");
    }
    const subnets = [
        ...network.existingPrivateSubnetIds.map((id, i) => ({ key: `existingPrivateSubnetIds[${i}]`, id })),
        ...network.existingPublicSubnetIds.map((id, i) => ({ key: `existingPublicSubnetIds[${i}]`, id })),
    ];
    const seen = new Map<string, string>();
    for (const { key, id } of subnets) {
        if (!/^subnet-[0-9a-f]{8,17}$/.test(id)) {
            problems.add(key, `"${id}" is not a subnet ID`, "use IDs like subnet-0123456789abcdef0");
        } else if (seen.has(id)) {
            // Counted twice, one subnet would pass for two AZs; in both lists, one subnet would be private and public.
            problems.add(key, `subnet ${id} is already listed as ${seen.get(id)}; a subnet counts once and is either private or public`, `remove it from ${key.replace(/\[\d+\]$/, "")}`);
        } else {
            seen.set(id, key);
        }
    }
    if (network.vpcCidr === CONFIG_DEFAULTS.vpcCidr) {
        // The overlap checks of pools and Services can only use what vpcCidr says.
        problems.warn(
            "vpcCidr",
            `an existing VPC is used and vpcCidr is the default ${CONFIG_DEFAULTS.vpcCidr}: pools and the service CIDR are checked against it, not against the VPC's real CIDR`,
            `nothing to change if that is the VPC's CIDR; otherwise ${setCommand("vpcCidr", "<the VPC's CIDR>")}`,
        );
    }
    if (network.availabilityZones.length > 0) {
        problems.warn("availabilityZones", "an existing VPC is used, so availabilityZones is ignored (its subnets decide the AZs)", "pulumi config rm availabilityZones");
    }
    if (network.natGateways !== CONFIG_DEFAULTS.natGateways) {
        problems.warn("natGateways", "an existing VPC is used, so natGateways is ignored (the VPC's own routes decide how nodes reach out)", "pulumi config rm natGateways");
    }
}

function validateAzNames(zones: string[], problems: Problems, region: string | undefined): void {
    const regions = new Set<string>();
    zones.forEach((zone, i) => {
        const key = `availabilityZones[${i}]`;
        const example = `${region ?? "eu-west-1"}${"abcdef"[i] ?? "a"}`;
        if (AZ_ID.test(zone)) {
            problems.add(key, `"${zone}" is an AZ ID; subnets are placed by AZ name`, `${setCommand(key, example)} (aws ec2 describe-availability-zones shows which name has this ID in your account)`);
            return;
        }
        const edge = EDGE_ZONE_NAME.exec(zone);
        if (edge && !AZ_NAME.test(zone)) {
            problems.add(key, `"${zone}" is a Local Zone or Wavelength Zone; EKS places the control plane only in the region's AZs`, setCommand(key, `${edge[1]}a`));
            return;
        }
        const name = AZ_NAME.exec(zone);
        if (!name) {
            problems.add(key, `"${zone}" is not an AZ name like eu-west-1a`, setCommand(key, example));
            return;
        }
        if (region && name[1] !== region) {
            problems.add(key, `AZ ${zone} is in ${name[1]}, but the stack deploys to aws:region ${region}`, setCommand(key, `${region}${name[2]}`));
            return;
        }
        regions.add(name[1]);
    });
    if (!region && regions.size > 1) {
        problems.add("availabilityZones", `the AZs belong to different regions (${[...regions].join(", ")}); a VPC lives in one`, "list AZs of the stack's aws:region only");
    }
}

/** Parses every address range, reporting the unparseable ones; returns those that parsed. */
export function validateCidrs(config: CalicoEksConfig, problems: Problems): NamedRange[] {
    const ranges: NamedRange[] = [];
    const take = (key: string, what: string, text: string, example: string) => {
        const problem = cidrProblem(text);
        if (problem) {
            problems.add(key, problem, setCommand(key, canonicalCidr(text) ?? example));
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
            problems.add(
                "serviceCidr",
                `EKS takes a service CIDR between /12 and /24 inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, got ${formatCidr(service.cidr)}`,
                setCommand("serviceCidr", "10.100.0.0/16"),
            );
        }
    }
    if (vpc && !config.network.existingVpcId && vpc.cidr.prefix >= 16 && vpc.cidr.prefix <= 24) {
        validateNodeAddresses(config, vpc.cidr, problems);
    }
    for (const range of ranges) {
        validateSpecialRanges(range, ranges, problems);
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

/**
 * Ranges with a fixed meaning elsewhere: refused where nothing could work (loopback, link-local, multicast, ...),
 * told where it works but surprises (public addresses, Docker's bridge).
 */
function validateSpecialRanges(range: NamedRange, ranges: NamedRange[], problems: Problems): void {
    const unusable = specialRangeOf(range.cidr, UNUSABLE_RANGES);
    if (unusable) {
        problems.add(
            range.key,
            `${formatCidr(range.cidr)} (${range.what}) overlaps ${unusable.cidr}, the ${unusable.what} range, which no VPC, Service or pod address may use`,
            setCommand(range.key, suggestFreeRange(ranges, range.cidr.prefix)),
        );
        return;
    }
    const isPool = range.key.startsWith("ipPools") || range.key.startsWith("teams");
    if (!PRIVATE_RANGES.some(p => contains(p, range.cidr))) {
        const consequence = isPool
            ? "pods could not reach the real hosts at those addresses (Calico routes them inside the cluster)"
            : "the real hosts at those addresses become unreachable from the VPC";
        problems.warn(
            range.key,
            `${formatCidr(range.cidr)} (${range.what}) is not in a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10): ${consequence}`,
            setCommand(range.key, suggestFreeRange(ranges, range.cidr.prefix)),
        );
    }
    if (overlaps(range.cidr, DOCKER_BRIDGE)) {
        problems.warn(
            range.key,
            `${formatCidr(range.cidr)} (${range.what}) overlaps 172.17.0.0/16, Docker's default bridge network (AWS also uses it for some services in VPCs): a host running Docker that must reach these addresses routes them to its bridge instead`,
            setCommand(range.key, suggestFreeRange(ranges, range.cidr.prefix)),
        );
    }
}

/** A range of the given size in 172.16.0.0/12 that none of the given ranges touches, for overlap fixes. */
function suggestFreeRange(ranges: NamedRange[], prefix: number): string {
    const space = parseCidr("172.16.0.0/12");
    const size = 2 ** (32 - Math.max(prefix, space.prefix));
    for (let network = space.network; network < space.network + 2 ** 20 && network - space.network < 4096 * size; network += size) {
        const candidate = { network, prefix: Math.max(prefix, space.prefix) };
        if (!ranges.some(r => overlaps(r.cidr, candidate)) && !overlaps(candidate, DOCKER_BRIDGE)) {
            return formatCidr(candidate);
        }
    }
    return "<an unused private range>";
}

/** Addresses AWS keeps in every subnet (network, router, DNS, future use, broadcast). */
const AWS_RESERVED_PER_SUBNET = 5;
/** Addresses EKS needs free in each cluster subnet for the control plane's network interfaces (it recommends 16). */
const EKS_FREE_PER_SUBNET = 6;

/**
 * Without the VPC CNI a node takes one VPC address (pods take overlay addresses), so a new VPC's private
 * subnets hold as many nodes as they have free addresses. The node groups must fit at their maxSize, plus what
 * a rolling update adds (EKS grows each group by up to twice its AZ count while it replaces nodes, e.g. when a
 * new AMI rolls out), or instances fail to launch once the subnets are full. An existing VPC's subnet sizes are
 * not known offline.
 */
function validateNodeAddresses(config: CalicoEksConfig, vpc: Cidr, problems: Problems): void {
    const { network } = config;
    const azCount = network.availabilityZones.length || network.availabilityZoneCount;
    const groups = config.nodeGroups.filter(g => g.maxSize > 0);
    if (azCount < 2 || azCount > 6 || groups.length === 0) {
        return;
    }
    const subnetPrefix = parseCidr(planSubnets(formatCidr(vpc), azCount).privateCidrs[0]).prefix;
    const perSubnet = 2 ** (32 - subnetPrefix) - AWS_RESERVED_PER_SUBNET - EKS_FREE_PER_SUBNET;
    const holds = azCount * perSubnet;
    const nodes = groups.reduce((sum, g) => sum + g.maxSize, 0);
    const surge = groups.length * 2 * azCount;
    if (nodes + surge <= holds) {
        return;
    }
    // The smallest VPC whose private subnets hold them all.
    const neededPerSubnet = Math.ceil((nodes + surge) / azCount) + AWS_RESERVED_PER_SUBNET + EKS_FREE_PER_SUBNET;
    const prefix = 32 - Math.ceil(Math.log2(neededPerSubnet)) - Math.ceil(Math.log2(azCount * 2));
    const larger = prefix >= 16 ? `${setCommand("vpcCidr", canonicalCidr(formatCidr({ network: vpc.network, prefix }))!)} ` : "";
    problems.add(
        "vpcCidr",
        `node groups may grow to ${nodes} nodes, plus ${surge} during a rolling update (EKS adds up to twice the AZ count per group), and each node takes one VPC address, but the private subnets of the new VPC (${azCount} × /${subnetPrefix}) hold ${holds} nodes (${2 ** (32 - subnetPrefix)} addresses each, less ${AWS_RESERVED_PER_SUBNET} AWS reserves and ${EKS_FREE_PER_SUBNET} EKS needs free): instances would fail to launch`,
        `${larger}${larger ? "(only before the first up: a new CIDR replaces the VPC and the cluster), or " : ""}lower the node groups' maxSize`,
    );
}
