/**
 * Subnet layout of a new VPC, as eksctl lays it out: the VPC is cut into equal subnets, the public ones
 * first and the private ones (where nodes live) after them, one of each per AZ. Pure.
 */
import { formatCidr, parseCidr, splitEvenly } from "./cidr";

export interface SubnetPlan {
    /** Public subnets (load balancers, NAT gateways), by AZ index. */
    readonly publicCidrs: string[];
    /** Private subnets (nodes), by AZ index. */
    readonly privateCidrs: string[];
}

export function planSubnets(vpcCidr: string, azCount: number): SubnetPlan {
    const slots = splitEvenly(parseCidr(vpcCidr), azCount * 2).map(formatCidr);
    return { publicCidrs: slots.slice(0, azCount), privateCidrs: slots.slice(azCount, azCount * 2) };
}
