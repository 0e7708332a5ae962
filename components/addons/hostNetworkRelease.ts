/**
 * The one mechanism every add-on is installed by: a Helm release of the add-on's chart (from the stack's
 * chart source), with values that already carry the host-network patch the runbook applied by hand.
 * Kubernetes only, no AWS: it runs against any cluster.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { resolveChart } from "../charts/chartSource";
import { childOptions } from "../childOptions";
import { AddonDefinition } from "./types";

export interface HostNetworkReleaseArgs {
    /** The add-on's definition (chart, namespace, ...). */
    readonly definition: AddonDefinition;
    /** Chart version; the definition's pin by default. */
    readonly version?: string;
    /** Chart values (may hold outputs such as a role ARN). */
    readonly values: pulumi.Inputs;
    /** Chart source override (see charts/chartSource.ts). Default "" (upstream). */
    readonly chartSource?: string;
    /** Wait for the workloads to become ready. Default true: add-ons are installed once nodes exist. */
    readonly waitForReady?: boolean;
    /** Helm timeout in seconds. Default 600. */
    readonly timeoutSeconds?: number;
}

export class HostNetworkRelease extends pulumi.ComponentResource {
    public readonly release: k8s.helm.v3.Release;

    constructor(name: string, args: HostNetworkReleaseArgs, opts?: pulumi.ComponentResourceOptions) {
        super("calico-eks:addons:HostNetworkRelease", name, {}, opts);
        const { definition } = args;
        const chart = resolveChart({ ...definition.chart, version: args.version ?? definition.chart.version }, args.chartSource ?? "");
        this.release = new k8s.helm.v3.Release(
            name,
            {
                name: definition.releaseName,
                namespace: definition.namespace,
                createNamespace: true,
                ...chart,
                values: args.values,
                skipAwait: !(args.waitForReady ?? true),
                timeout: args.timeoutSeconds ?? 600,
            },
            childOptions(this, opts),
        );
        this.registerOutputs({ status: this.release.status });
    }
}
