/**
 * Values for the tigera-operator chart. Pure.
 *
 * The chart copies `installation.*` into the spec of the `Installation` named `default`, so the runbook's
 * `kubectl patch installation default ... cni.type: Calico` becomes a value here and no patch step exists.
 * On EKS the operator would otherwise default cni.type to AmazonVPC; BGP is off because pod routes travel
 * in VXLAN between nodes instead of being advertised.
 */
import { CalicoConfig, IpPoolConfig, TeamConfig } from "../config/types";
import { metricsInstallationFields } from "./calicoMetrics";

/** The Installation spec fields this program sets; the rest keep the operator's defaults. */
export interface InstallationValues {
    enabled: true;
    kubernetesProvider: "EKS";
    cni: { type: "Calico" };
    calicoNetwork: {
        bgp: "Disabled";
        ipPools: {
            name: string;
            cidr: string;
            blockSize: number;
            encapsulation: string;
            natOutgoing: string;
            nodeSelector: string;
            /** "Manual": only pods that ask for the pool (namespace annotation) get its addresses. */
            assignmentMode?: "Manual";
        }[];
    };
    /** Felix's Prometheus metrics port (calicoMetrics.ts); absent: no metrics. */
    nodeMetricsPort?: number;
    /** Typha's Prometheus metrics port (calicoMetrics.ts); absent: no metrics. */
    typhaMetricsPort?: number;
}

/** Name of a team's pool in the Installation. */
export function teamPoolName(team: Pick<TeamConfig, "name">): string {
    return `${team.name}-pool`;
}

/** Calico settings that reach the Installation beyond the pools. */
export type InstallationCalicoSettings = Pick<CalicoConfig, "metrics" | "felixMetricsPort" | "typhaMetricsPort">;

export function installationValues(pools: readonly IpPoolConfig[], teams: readonly TeamConfig[] = [], calico?: InstallationCalicoSettings): InstallationValues {
    const overlay = pools[0];
    return {
        ...(calico ? metricsInstallationFields(calico) : {}),
        enabled: true,
        kubernetesProvider: "EKS",
        cni: { type: "Calico" },
        calicoNetwork: {
            bgp: "Disabled",
            ipPools: [
                ...pools.map(p => ({
                    name: p.name,
                    cidr: p.cidr,
                    blockSize: p.blockSize,
                    encapsulation: p.encapsulation,
                    natOutgoing: p.natOutgoing,
                    nodeSelector: p.nodeSelector,
                })),
                ...teams.map(t => ({
                    name: teamPoolName(t),
                    cidr: t.cidr,
                    blockSize: t.blockSize,
                    // Team pools ride the same overlay as the cluster's first pool. natOutgoing stays on whatever that
                    // pool says: without it the team's pods could not reach the API server, the VPC or the internet.
                    encapsulation: overlay.encapsulation,
                    natOutgoing: "Enabled",
                    nodeSelector: "all()",
                    // Other namespaces never draw from a team's pool; the team's namespaces ask for it.
                    assignmentMode: "Manual" as const,
                })),
            ],
        },
    };
}

/** The whole values object of the release. */
export function tigeraOperatorValues(pools: readonly IpPoolConfig[], teams: readonly TeamConfig[] = [], calico?: InstallationCalicoSettings): { installation: InstallationValues } {
    return { installation: installationValues(pools, teams, calico) };
}

/**
 * The Installation spec the chart renders from these values: everything but the chart's own `enabled`
 * switch. Tests validate it against the real Installation CRD schema.
 */
export function installationSpec(values: InstallationValues): Omit<InstallationValues, "enabled"> {
    const { enabled: _enabled, ...spec } = values;
    return spec;
}
