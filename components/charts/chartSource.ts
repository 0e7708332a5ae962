/**
 * Where a Helm chart is installed from.
 *
 * Every chart has an upstream repository; one stack-wide override (config `chartSource`) redirects all of
 * them, for air-gapped or mirrored installs:
 * - ""                      the chart's upstream repository;
 * - "https://mirror/charts" a Helm repository that serves every chart under its upstream name;
 * - "oci://registry/charts" an OCI registry holding `<prefix>/<chart>`;
 * - a local directory       holding each chart either packaged, as `<chart>-<version>.tgz` (what a Helm
 *                           repository serves and `helm pull` saves), or unpacked in a folder named after the
 *                           chart. The packaged file of the pinned version wins; an unpacked folder installs
 *                           whatever version it holds. A relative directory is relative to the project
 *                           directory (the one holding Pulumi.yaml); resolveConfig makes it absolute.
 *
 * Only the local form touches the file system, through the `exists` function callers may replace.
 */
import * as fs from "fs";
import * as path from "path";

export interface UpstreamChart {
    /** Chart name in its repository. */
    readonly chart: string;
    /** Upstream Helm repository URL. */
    readonly repository: string;
    /** Pinned chart version. */
    readonly version: string;
}

/** The fields of a helm.v3.Release (or helm.v4.Chart) that say which chart to install. */
export interface ReleaseChart {
    readonly chart: string;
    readonly version?: string;
    readonly repositoryOpts?: { repo: string };
}

export type ChartSourceKind = "upstream" | "mirror" | "oci" | "local";

/** Whether a path exists; the file system by default, replaceable in tests. */
export type Exists = (file: string) => boolean;

export function chartSourceKind(override: string): ChartSourceKind {
    if (!override) {
        return "upstream";
    }
    if (/^https?:\/\//.test(override)) {
        return "mirror";
    }
    if (override.startsWith("oci://")) {
        return "oci";
    }
    return "local";
}

/**
 * What is wrong with the form of an override, or undefined. Helm pulls only from http(s) repositories and
 * OCI registries; anything else that looks like a URL would be taken for a local directory of that name.
 */
export function chartSourceFormProblem(override: string): string | undefined {
    const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(override)?.[1]?.toLowerCase();
    if (!scheme || /^[a-zA-Z]$/.test(scheme)) {
        return undefined; // a path (a drive letter is not a scheme)
    }
    if (scheme === "oci") {
        if (!override.startsWith("oci://")) {
            return `"${override}" is not an OCI reference: it needs two slashes after "oci:"`;
        }
        if (!/^oci:\/\/[^/\s]+/.test(override)) {
            return `"${override}" names no registry host`;
        }
        return undefined;
    }
    if (scheme === "http" || scheme === "https") {
        if (!/^https?:\/\/[^/\s]+/.test(override)) {
            return `"${override}" is not a repository URL: it names no host`;
        }
        return undefined;
    }
    return `Helm cannot install charts from "${scheme}:" sources; it reads http(s) chart repositories, oci:// registries and local directories`;
}

/** The packaged chart's file name, as `helm package` and Helm repositories name it. */
export function packagedChartName(chart: string, version: string): string {
    return `${chart}-${version}.tgz`;
}

/** The chart file or folder a local directory provides for `upstream`, or undefined when it has neither. */
export function localChart(directory: string, upstream: UpstreamChart, exists: Exists = fs.existsSync): string | undefined {
    const packaged = path.join(directory, packagedChartName(upstream.chart, upstream.version));
    if (exists(packaged)) {
        return packaged;
    }
    const unpacked = path.join(directory, upstream.chart);
    return exists(path.join(unpacked, "Chart.yaml")) ? unpacked : undefined;
}

export function resolveChart(upstream: UpstreamChart, override: string, exists: Exists = fs.existsSync): ReleaseChart {
    const base = override.replace(/\/+$/, "");
    switch (chartSourceKind(override)) {
        case "upstream":
            return { chart: upstream.chart, version: upstream.version, repositoryOpts: { repo: upstream.repository } };
        case "mirror":
            return { chart: upstream.chart, version: upstream.version, repositoryOpts: { repo: base } };
        case "oci":
            return { chart: `${base}/${upstream.chart}`, version: upstream.version };
        case "local":
            // No version: Helm reads it from the chart itself. Validation refuses a directory missing a chart,
            // so the fallback only names the folder Helm would then report as missing.
            return { chart: localChart(base, upstream, exists) ?? path.join(base, upstream.chart) };
    }
}

/**
 * A local directory as an absolute path: relative ones are relative to the project directory (where
 * Pulumi.yaml is), not to wherever the Helm provider happens to run. Other forms are returned as they are.
 */
export function absoluteChartSource(override: string, projectDirectory: string): string {
    if (chartSourceKind(override) !== "local" || chartSourceFormProblem(override) || path.isAbsolute(override)) {
        return override;
    }
    return path.resolve(projectDirectory, override);
}
