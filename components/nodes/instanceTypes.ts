/**
 * What an EC2 instance type name says, read without calling AWS: its family and size, its CPU architecture,
 * and the least memory its size can have. Pure.
 *
 * A type is `<family>.<size>`. The family is a series (`m`, `c`, `r`, `t`, `inf`, `is`, ...), a generation
 * number and attribute letters, sometimes a `-suffix` (`m7i-flex`, `u7i-12tb`): `g` among the attributes
 * means AWS Graviton (arm64: `m6g`, `c7gn`, `t4g`, `is4gen`), and nothing else uses it there. A leading `g`
 * is the GPU series (`g5`, x86_64), so `g5g` is a Graviton GPU type. `a1` (first Graviton) is arm64 too.
 */
import { editDistance } from "../config/suggest";

export type Architecture = "x86_64" | "arm64";

export interface InstanceType {
    readonly family: string;
    readonly size: string;
    /** Letters before the generation number: `m`, `c`, `inf`, `hpc`, `mac`. */
    readonly series: string;
    readonly architecture: Architecture;
}

/** Sizes EC2 sells, smallest first (every family offers a subset). */
const NAMED_SIZES = ["nano", "micro", "small", "medium", "large", "xlarge"];
const XLARGE_MULTIPLES = [2, 3, 4, 6, 8, 9, 10, 12, 16, 18, 24, 32, 48, 56, 96, 112, 224, 480];
const METAL_SIZES = ["metal", ...[16, 24, 32, 48].map(n => `metal-${n}xl`)];
export const INSTANCE_SIZES: readonly string[] = [...NAMED_SIZES, ...XLARGE_MULTIPLES.map(n => `${n}xlarge`), ...METAL_SIZES];

/** `<series><generation><attributes>[-suffix]`, or the older high-memory `u-<n>tb1` families. */
const FAMILY = /^(?<series>[a-z]+?)(?<generation>[1-9][0-9]?)(?<attributes>[a-z]*)(?<suffix>-[a-z0-9]+)?$/;
const HIGH_MEMORY_FAMILY = /^u-[1-9][0-9]*tb1$/;

/** The parsed type, or why the name cannot be an instance type. */
export function parseInstanceType(name: string): InstanceType | string {
    const parts = name.split(".");
    if (parts.length !== 2) {
        return "an instance type is <family>.<size>, like m5.large";
    }
    const [family, size] = parts;
    if (!INSTANCE_SIZES.includes(size)) {
        return `"${size}" is not an EC2 instance size (${NAMED_SIZES.join(", ")}, <n>xlarge, metal, metal-<n>xl)`;
    }
    if (HIGH_MEMORY_FAMILY.test(family)) {
        return { family, size, series: "u", architecture: "x86_64" };
    }
    const match = FAMILY.exec(family);
    if (!match) {
        return `"${family}" is not an EC2 instance family (letters, a generation number, attribute letters: m5, c6gn, m7i-flex)`;
    }
    const { series, attributes } = match.groups!;
    // A1 is the first Graviton and predates the `g` attribute.
    return { family, size, series, architecture: attributes.includes("g") || family === "a1" ? "arm64" : "x86_64" };
}

/**
 * A well-formed spelling of a mistyped instance type, when one is evident: case and spaces (`M5.LARGE `),
 * a missing dot (`m5large`), a size one or two letters off (`m5.lrage`). Undefined when nothing fits.
 */
export function suggestInstanceType(name: string): string | undefined {
    const cleaned = name.trim().toLowerCase().replace(/\s+/g, "");
    if (typeof parseInstanceType(cleaned) !== "string") {
        return cleaned;
    }
    const parts = cleaned.split(".");
    if (parts.length === 1) {
        // m5large, m5xlarge: find the size the name ends with (the longest, so 2xlarge wins over xlarge).
        const size = [...INSTANCE_SIZES].sort((a, b) => b.length - a.length).find(s => cleaned.endsWith(s) && cleaned.length > s.length);
        const candidate = size && `${cleaned.slice(0, -size.length)}.${size}`;
        return candidate && typeof parseInstanceType(candidate) !== "string" ? candidate : undefined;
    }
    if (parts.length === 2) {
        // Only a size that is clearly the nearest: 5xlarge is as near to 4xlarge as to 6xlarge.
        const distances = INSTANCE_SIZES.map(size => ({ size, distance: editDistance(parts[1], size) }));
        const best = Math.min(...distances.map(d => d.distance));
        const nearest = distances.filter(d => d.distance === best);
        const candidate = `${parts[0]}.${nearest[0].size}`;
        return best <= 2 && nearest.length === 1 && typeof parseInstanceType(candidate) !== "string" ? candidate : undefined;
    }
    return undefined;
}

/**
 * The least memory (MiB) an instance of this size can have, for the sizes where it is small enough to
 * matter; undefined from `large` up (at least 4 GiB: c5.large). From EC2's instance type tables: every
 * nano has 0.5 GiB, micro 1 GiB, small 2 GiB (all burstable `t`); medium has 2 GiB in the compute series
 * (c6g, c7g, c8g) and at least 4 GiB elsewhere (t3, m6g; r6g 8 GiB).
 */
export function minimumMemoryMiB(type: InstanceType): number | undefined {
    switch (type.size) {
        case "nano":
            return 512;
        case "micro":
            return 1024;
        case "small":
            return 2048;
        case "medium":
            return type.series === "c" ? 2048 : 4096;
        default:
            return undefined;
    }
}

/** Series whose instances cannot run EKS AL2023 nodes, and why. */
export const UNSUPPORTED_SERIES: Record<string, string> = {
    a: "A1 (first-generation Graviton) instances cannot run Amazon Linux 2023",
    mac: "Mac instances run macOS on dedicated hosts and cannot be EKS managed nodes",
};

/** Series whose accelerators need an AL2023 AMI variant other than the standard one this program picks. */
export const ACCELERATED_SERIES: Record<string, string> = {
    p: "NVIDIA GPUs",
    g: "NVIDIA/AMD GPUs",
    gr: "NVIDIA GPUs",
    inf: "AWS Inferentia",
    trn: "AWS Trainium",
    dl: "Habana Gaudi",
    f: "FPGAs",
    vt: "Xilinx video transcoders",
};

/** The architecture of a (validated) node group's instance types: that of the first one, x86_64 if none parses. */
export function architectureOf(instanceTypes: readonly string[]): Architecture {
    const first = instanceTypes.map(parseInstanceType).find((t): t is InstanceType => typeof t !== "string");
    return first?.architecture ?? "x86_64";
}
