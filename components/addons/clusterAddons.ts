/**
 * Runbook step 6, the in-cluster half: one HostNetworkRelease per enabled add-on, from the add-on table.
 * No AWS here (role ARNs come in as inputs), so it runs against any cluster.
 *
 * Order: each release depends on the releases of its definition's `after` (when enabled). Every other
 * add-on comes after the AWS Load Balancer Controller, so on destroy they are removed first and the
 * controller is still running while anything that could own a load balancer goes away.
 *
 * Values: the definition's, with the user's `<name>Values` deep-merged over them last (see userValues.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { childOptions } from "../childOptions";
import { CONFIG_DEFAULTS } from "../config/defaults";
import { ADDON_TABLE, configKeysOf, resolvedOf } from "./definitions";
import { HostNetworkRelease } from "./hostNetworkRelease";
import { installOrder } from "./order";
import { deepMerge } from "./userValues";
import { AddonName, AddonsConfig } from "./types";
import type { CalicoEksConfigInput } from "../stack/input";
import { CalicoConfig } from "../config/types";
import { parentValidated, resolveInClusterArgs } from "../inClusterArgs";

/** The stack config's add-on keys: `<addon>Enabled`, `<addon>Version` (defaults: the add-on table) and the add-on settings. */
export type AddonArgs = Pick<CalicoEksConfigInput, Extract<keyof CalicoEksConfigInput, `${AddonName}${string}`>>;

/**
 * Which add-ons, at which versions, with which settings: the stack config's add-on keys (AddonArgs, every one
 * optional, defaults from the add-on table), or a resolved `config`. Checked in the constructor like
 * CalicoEksCluster's arguments: every problem at once, as one ResourceError.
 */
export interface ClusterAddonsArgs extends AddonArgs {
    /** A resolved add-on config (`resolveConfig(...).addons`) instead of the add-on keys. */
    readonly config?: AddonsConfig;
    /** EKS cluster name (load balancer controller, external-dns owner ID, autoscaler discovery). */
    readonly clusterName: pulumi.Input<string>;
    /** AWS region of the cluster. */
    readonly region: pulumi.Input<string>;
    /** VPC of the cluster (the load balancer controller cannot discover it from IMDS at hop limit 1). */
    readonly vpcId: pulumi.Input<string>;
    /** Kubernetes minor version (cluster-autoscaler's image follows it). @default "1.33" */
    readonly kubernetesVersion?: string;
    /** IRSA role ARN by add-on (see AddonRoles); an add-on without one gets no role annotation. */
    readonly roleArns?: Partial<Record<AddonName, pulumi.Input<string>>>;
    /** Chart source override. Default "" (upstream). */
    readonly chartSource?: string;
    /** Wait for the add-ons' workloads to become ready. Default true. */
    readonly waitForReady?: boolean;
    /**
     * The cluster's Calico (a CalicoNetworking, or its `settings`): the add-ons' host ports are checked against
     * what its dataplane, WireGuard and metrics bind. Absent: Calico's defaults (iptables with kube-proxy, no
     * metrics). Ignored with a resolved `config`, which was checked whole.
     */
    readonly calico?: { readonly settings: CalicoConfig };
}

/** The stack config keys ClusterAddons takes, whose problems it reports. */
const ADDON_KEYS = [...ADDON_TABLE.flatMap(configKeysOf), "kubernetesVersion", "chartSource"];

export class ClusterAddons extends pulumi.ComponentResource {
    /** The releases, by add-on. */
    public readonly releases: Partial<Record<AddonName, HostNetworkRelease>> = {};

    constructor(name: string, given: ClusterAddonsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("calico-eks:addons:ClusterAddons", name, {}, opts);
        // Defaults filled, every problem of the add-on keys reported at once, before any child exists.
        const { config: resolved, clusterName, region, vpcId, roleArns, waitForReady, calico, ...keys } = given;
        const config = resolved ? undefined : resolveInClusterArgs(`ClusterAddons "${name}"`, keys, ADDON_KEYS, this, parentValidated(opts), calicoKeys(calico?.settings));
        const args = {
            ...given,
            config: resolved ?? config!.addons,
            kubernetesVersion: given.kubernetesVersion ?? config?.controlPlane.kubernetesVersion ?? CONFIG_DEFAULTS.kubernetesVersion,
            chartSource: config?.chartSource ?? given.chartSource,
        };
        const enabled = installOrder(ADDON_TABLE.filter(a => resolvedOf(args.config, a).enabled));
        for (const addon of enabled) {
            const resolved = resolvedOf(args.config, addon);
            // A plain object whose leaves are the inputs themselves: only what is really unknown before `up`
            // (cluster name, region, VPC ID, role ARN) shows as unknown in a preview; the host network and the
            // moved ports, the point of these releases, show as they will be installed. The user's values are
            // merged in as plain data, around those leaves (never through an apply).
            const values = deepMerge(
                addon.values({
                    clusterName: args.clusterName,
                    region: args.region,
                    vpcId: args.vpcId,
                    roleArn: args.roleArns?.[addon.name as AddonName],
                    settings: resolved,
                    kubernetesVersion: args.kubernetesVersion,
                }),
                resolved.values,
            );
            const after = addon.after.flatMap(name => this.releases[name as AddonName]?.release ?? []);
            this.releases[addon.name as AddonName] = new HostNetworkRelease(
                `${name}-${addon.name}`,
                { definition: addon, version: resolved.version, values, chartSource: args.chartSource, waitForReady: args.waitForReady },
                childOptions(this, opts, after.length ? { dependsOn: after } : {}),
            );
        }
        this.registerOutputs({});
    }
}

/** The stack config keys of Calico's settings, for the checks to run against the cluster's Calico. */
function calicoKeys(settings: CalicoConfig | undefined): Record<string, unknown> {
    if (!settings) {
        return {};
    }
    const { dataplane, wireguard, metrics, felixMetricsPort, typhaMetricsPort } = settings;
    return { dataplane, wireguard, calicoMetrics: metrics, felixMetricsPort, typhaMetricsPort };
}
