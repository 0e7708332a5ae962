/**
 * Checks of the VPC, its subnets and every address range of the config (VPC, services, pools, teams),
 * which must not overlap. Pure; adds to `problems` and never throws.
 */
import { cidrProblem, formatCidr, overlaps, parseCidr } from "../net/cidr";
import { NamedRange } from "../config/checks";
import { Problems, setCommand } from "../config/problems";
import { CalicoEksConfig } from "../config/types";
import type { ResolveContext } from "../config/resolve";

/** The private ranges EKS accepts a service CIDR in. */
const SERVICE_CIDR_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map(parseCidr);

export function validateNetwork({ network }: CalicoEksConfig, problems: Problems, _context: ResolveContext = {}): void {
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

/** Parses every address range, reporting the unparseable ones; returns those that parsed. */
export function validateCidrs(config: CalicoEksConfig, problems: Problems): NamedRange[] {
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
