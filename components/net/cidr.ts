/**
 * IPv4 CIDR arithmetic. Pure: no Pulumi, no I/O, so validation can run before any resource exists.
 * Addresses are held as unsigned 32-bit numbers; JavaScript numbers represent them exactly.
 */

export interface Cidr {
    /** First address of the range, as an unsigned 32-bit number. */
    readonly network: number;
    /** Prefix length, 0–32. */
    readonly prefix: number;
}

/** Why a string is not a usable CIDR, or undefined when it is one. */
export function cidrProblem(text: unknown): string | undefined {
    if (typeof text !== "string") {
        return `expected a string like "10.0.0.0/16", got ${JSON.stringify(text)}`;
    }
    const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,3})$/.exec(text.trim());
    if (!match) {
        return `"${text}" is not an IPv4 CIDR like "10.0.0.0/16"`;
    }
    const octets = match.slice(1, 5).map(Number);
    const prefix = Number(match[5]);
    if (octets.some(o => o > 255) || prefix > 32) {
        return `"${text}" has an octet above 255 or a prefix above /32`;
    }
    // "016" is 16 to some parsers and 14 (octal) to others (inet_aton, older Go); AWS refuses it. Only the
    // canonical spelling means the same range everywhere.
    if (match.slice(1, 6).some(part => part.length > 1 && part.startsWith("0"))) {
        return `"${text}" has a leading zero in a number, which some tools read as octal; write it as ${canonicalCidr(text)}`;
    }
    const address = toNumber(octets);
    const network = address & maskOf(prefix);
    if (network >>> 0 !== address) {
        return `"${text}" has host bits set; the network is ${formatCidr({ network: network >>> 0, prefix })}`;
    }
    return undefined;
}

/**
 * The canonical spelling of what the user most likely meant: decimal numbers without leading zeros, host
 * bits cleared. Undefined when the text is not four dotted numbers and a prefix within range.
 */
export function canonicalCidr(text: unknown): string | undefined {
    const match = typeof text === "string" ? /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,3})$/.exec(text.trim()) : null;
    if (!match) {
        return undefined;
    }
    const octets = match.slice(1, 5).map(Number);
    const prefix = Number(match[5]);
    if (octets.some(o => o > 255) || prefix > 32) {
        return undefined;
    }
    return formatCidr({ network: (toNumber(octets) & maskOf(prefix)) >>> 0, prefix });
}

/** Parses a CIDR that `cidrProblem` accepted; throws with the problem otherwise. */
export function parseCidr(text: string): Cidr {
    const problem = cidrProblem(text);
    if (problem) {
        throw new Error(problem);
    }
    const [address, prefix] = text.trim().split("/");
    return { network: toNumber(address.split(".").map(Number)), prefix: Number(prefix) };
}

export function formatCidr(cidr: Cidr): string {
    return `${formatAddress(cidr.network)}/${cidr.prefix}`;
}

export function formatAddress(address: number): string {
    return [24, 16, 8, 0].map(shift => (address >>> shift) & 255).join(".");
}

/** Number of addresses in the range. */
export function addressCount(cidr: Cidr): number {
    return 2 ** (32 - cidr.prefix);
}

export function lastAddress(cidr: Cidr): number {
    return cidr.network + addressCount(cidr) - 1;
}

/** True when the two ranges share at least one address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
    return a.network <= lastAddress(b) && b.network <= lastAddress(a);
}

/** True when `inner` lies entirely within `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
    return inner.prefix >= outer.prefix && inner.network >= outer.network && lastAddress(inner) <= lastAddress(outer);
}

/**
 * Splits `parent` into `count` equal, consecutive subnets of the largest size that fits
 * (the count is rounded up to a power of two; the spare subnets at the end stay unused).
 */
export function splitEvenly(parent: Cidr, count: number): Cidr[] {
    if (!Number.isInteger(count) || count < 1) {
        throw new Error(`cannot split ${formatCidr(parent)} into ${count} subnets`);
    }
    const extraBits = Math.ceil(Math.log2(count));
    const prefix = parent.prefix + extraBits;
    if (prefix > 28) {
        throw new Error(`${formatCidr(parent)} is too small for ${count} subnets (each would be smaller than /28)`);
    }
    const size = 2 ** (32 - prefix);
    return Array.from({ length: count }, (_, i) => ({ network: parent.network + i * size, prefix }));
}

function toNumber(octets: number[]): number {
    return ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
}

function maskOf(prefix: number): number {
    return prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
}

/** IPv4 ranges with a special meaning (RFC 6890 and its successors), by what they are. */
export const SPECIAL_RANGES: readonly { readonly cidr: string; readonly what: string }[] = [
    { cidr: "0.0.0.0/8", what: '"this network"' },
    { cidr: "10.0.0.0/8", what: "private (RFC 1918)" },
    { cidr: "100.64.0.0/10", what: "shared address space (RFC 6598, carrier-grade NAT)" },
    { cidr: "127.0.0.0/8", what: "loopback" },
    { cidr: "169.254.0.0/16", what: "link-local (the instance metadata service lives at 169.254.169.254)" },
    { cidr: "172.16.0.0/12", what: "private (RFC 1918)" },
    { cidr: "192.0.0.0/24", what: "IETF protocol assignments" },
    { cidr: "192.0.2.0/24", what: "documentation (TEST-NET-1)" },
    { cidr: "192.88.99.0/24", what: "6to4 relay anycast" },
    { cidr: "192.168.0.0/16", what: "private (RFC 1918)" },
    { cidr: "198.18.0.0/15", what: "benchmarking" },
    { cidr: "198.51.100.0/24", what: "documentation (TEST-NET-2)" },
    { cidr: "203.0.113.0/24", what: "documentation (TEST-NET-3)" },
    { cidr: "224.0.0.0/4", what: "multicast" },
    { cidr: "240.0.0.0/4", what: "reserved" },
];

/** The first special range the given range touches, if any. */
export function specialRangeOf(cidr: Cidr, only?: readonly string[]): { cidr: string; what: string } | undefined {
    return SPECIAL_RANGES.filter(r => !only || only.includes(r.cidr)).find(r => overlaps(parseCidr(r.cidr), cidr));
}
