/**
 * Calico release versions: parsing, order, which chart holds the CRDs, and which version changes are safe.
 * Pure: the config checks and the upgrade pre-flight (which reads the installed version from the cluster)
 * share it.
 */
import { CALICO_CRD_CHART_SINCE, SUPPORTED_CALICO_VERSIONS } from "../config/defaults";

export interface CalicoVersion {
    readonly major: number;
    readonly minor: number;
    readonly patch: number;
}

/** `v3.31.2` → {3, 31, 2}; a leading `v` is optional here (Helm stores the chart version with it). */
export function parseCalicoVersion(version: string): CalicoVersion | undefined {
    const match = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(version.trim());
    return match ? { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) } : undefined;
}

export function compareCalicoVersions(a: CalicoVersion, b: CalicoVersion): number {
    return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

export function minorOf(version: CalicoVersion): string {
    return `v${version.major}.${version.minor}`;
}

/** Whether the release ships its CRDs in the separate crd.projectcalico.org.v1 chart (v3.32 and later). */
export function hasSeparateCrdChart(version: string): boolean {
    const parsed = parseCalicoVersion(version);
    return parsed !== undefined && compareCalicoVersions(parsed, parseCalicoVersion(CALICO_CRD_CHART_SINCE)!) >= 0;
}

/** The supported release to suggest for a wrong value: the newest patch of the same minor, else the default. */
export function suggestedCalicoVersion(version: string): string {
    const parsed = /^v?(\d+)\.(\d+)/.exec(version.trim());
    const sameMinor = parsed ? SUPPORTED_CALICO_VERSIONS.filter(v => v.startsWith(`v${parsed[1]}.${parsed[2]}.`)) : [];
    return sameMinor[sameMinor.length - 1] ?? SUPPORTED_CALICO_VERSIONS[0];
}

/**
 * Why going from the installed release to the configured one is refused, or undefined when it is safe.
 * Calico supports upgrades only forward and one minor at a time (its operator migrates the data of the
 * previous minor, not older); a downgrade would run an older operator against newer stored objects.
 */
export function versionChangeProblem(installed: string, target: string): string | undefined {
    const from = parseCalicoVersion(installed);
    const to = parseCalicoVersion(target);
    if (!from || !to) {
        return undefined;
    }
    const order = compareCalicoVersions(to, from);
    if (order < 0) {
        return `the cluster runs Calico ${installed}; going back to ${target} is a downgrade, which Calico does not support (the older operator would run against newer CRDs and stored objects)`;
    }
    if (to.major !== from.major || to.minor - from.minor > 1) {
        return `the cluster runs Calico ${installed}; ${target} skips a minor release, and Calico upgrades one minor at a time`;
    }
    return undefined;
}

/** The supported releases between installed and target, to upgrade through one minor at a time. */
export function upgradePath(installed: string, target: string): string[] {
    const from = parseCalicoVersion(installed);
    const to = parseCalicoVersion(target);
    if (!from || !to) {
        return [target];
    }
    const between = SUPPORTED_CALICO_VERSIONS.filter(v => {
        const p = parseCalicoVersion(v)!;
        return compareCalicoVersions(p, from) > 0 && compareCalicoVersions(p, to) <= 0;
    });
    // One release per minor: the newest patch of each minor on the way.
    const byMinor = new Map<string, string>();
    for (const v of between) {
        byMinor.set(minorOf(parseCalicoVersion(v)!), v);
    }
    return [...byMinor.values()];
}
