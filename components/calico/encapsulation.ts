/**
 * Which pool encapsulations this program runs, and why it refuses the others Calico offers. Pure.
 */

/**
 * Encapsulations Calico offers that this program refuses, with the reason. Calico runs with BGP disabled here
 * (EKS has no BGP peers for it), so only VXLAN carries pod traffic between nodes.
 */
const REFUSED_ENCAPSULATIONS: Record<string, string> = {
    IPIP: "IPIP encapsulation needs BGP, and EKS overlay clusters run Calico with BGP disabled",
    IPIPCrossSubnet: "IPIPCrossSubnet encapsulation needs BGP, and EKS overlay clusters run Calico with BGP disabled",
    None:
        "with no encapsulation pod packets leave the node with overlay addresses the VPC has no routes for, and with BGP disabled " +
        "nothing programs routes between nodes either: pods on different nodes could not reach each other",
    VXLANCrossSubnet:
        "VXLANCrossSubnet sends traffic between nodes of one subnet unencapsulated, and EC2 drops it unless every node's " +
        "source/destination check is off (Felix awsSrcDstCheck: Disable, which needs ec2:ModifyNetworkInterfaceAttribute on " +
        "the node role, so every node could rewrite ENI attributes) for a gain only inside one subnet",
};

/** Spellings taken from other Calico resources (IPPool's vxlanMode/ipipMode) or other casing, by what they mean. */
const ENCAPSULATION_ALIASES: Record<string, string> = { Always: "VXLAN", CrossSubnet: "VXLANCrossSubnet", Never: "None" };

/** Why an encapsulation value is refused, when it is one Calico knows but this program cannot run. */
export function refusedEncapsulation(value: string): string | undefined {
    if (value === "VXLAN") {
        return undefined;
    }
    const reason = REFUSED_ENCAPSULATIONS[value];
    if (reason) {
        return reason;
    }
    const alias = ENCAPSULATION_ALIASES[value] ?? [...Object.keys(REFUSED_ENCAPSULATIONS), "VXLAN"].find(known => known.toLowerCase() === value.toLowerCase());
    if (alias === "VXLAN") {
        return `"${value}" is spelled VXLAN in the Installation's pools (IPPool's vxlanMode: Always is VXLAN here)`;
    }
    if (alias) {
        return `"${value}" means ${alias} here, and ${REFUSED_ENCAPSULATIONS[alias]}`;
    }
    return undefined;
}
