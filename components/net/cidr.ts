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
    const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text.trim());
    if (!match) {
        return `"${text}" is not an IPv4 CIDR like "10.0.0.0/16"`;
    }
    const octets = match.slice(1, 5).map(Number);
    const prefix = Number(match[5]);
    if (octets.some(o => o > 255) || prefix > 32) {
        return `"${text}" has an octet above 255 or a prefix above /32`;
    }
    const address = toNumber(octets);
    const network = address & maskOf(prefix);
    if ((network >>> 0) !== address) {
        return `"${text}" has host bits set; the network is ${formatCidr({ network: network >>> 0, prefix })}`;
    }
    return undefined;
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
