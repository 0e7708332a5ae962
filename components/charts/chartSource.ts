/**
 * Where a Helm chart is installed from. Pure.
 *
 * Every chart has an upstream repository; one stack-wide override (config `chartSource`) redirects all of
 * them, for air-gapped or mirrored installs:
 * - ""                      the chart's upstream repository;
 * - "https://mirror/charts" a Helm repository that serves every chart under its upstream name;
 * - "oci://registry/charts" an OCI registry holding `<prefix>/<chart>`;
 * - anything else           a local directory holding one unpacked chart per folder, named after the chart
 *                           (the version is whatever that folder holds).
 */

export interface UpstreamChart {
    /** Chart name in its repository. */
    readonly chart: string;
    /** Upstream Helm repository URL. */
    readonly repository: string;
    /** Pinned chart version. */
    readonly version: string;
}

/** The fields of a helm.v3.Release that say which chart to install. */
export interface ReleaseChart {
    readonly chart: string;
    readonly version?: string;
    readonly repositoryOpts?: { repo: string };
}

export type ChartSourceKind = "upstream" | "mirror" | "oci" | "local";

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

export function resolveChart(upstream: UpstreamChart, override: string): ReleaseChart {
    const base = override.replace(/\/+$/, "");
    switch (chartSourceKind(override)) {
        case "upstream":
            return { chart: upstream.chart, version: upstream.version, repositoryOpts: { repo: upstream.repository } };
        case "mirror":
            return { chart: upstream.chart, version: upstream.version, repositoryOpts: { repo: base } };
        case "oci":
            return { chart: `${base}/${upstream.chart}`, version: upstream.version };
        case "local":
            return { chart: `${base}/${upstream.chart}` };
    }
}
