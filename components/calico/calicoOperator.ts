/**
 * Runbook steps 3 and 4: `helm install` tigera-operator and make the Installation use Calico CNI with the
 * configured pools (natOutgoing kept per pool). Kubernetes only, no AWS: it runs against any cluster.
 *
 * The CRDs are not this release's: CalicoCrds applies them first, at the same version (Helm would install a
 * chart's crds/ once and never upgrade them). So Helm skips the chart's crds/ folder, and the operator is told
 * not to manage CRDs either (`manageCRDs: false`): with two writers, the operator would re-apply the CRDs
 * embedded in its image under its own field manager, and every later `up` would find them changed behind its
 * back; with one, a release's CRDs change only at `up`, before the operator of that release starts.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { CALICO_CHART_REPOSITORY, CALICO_VERSION } from "../config/defaults";
import { Dataplane, IpPoolConfig, TeamConfig } from "../config/types";
import { resolveChart } from "../charts/chartSource";
import { childOptions } from "../childOptions";
import { InstallationCalicoSettings, tigeraOperatorValues } from "./installationValues";
import { dataplaneValues, withDataplaneValues } from "./dataplane";

export interface CalicoOperatorArgs {
    /** Calico IP pools, rendered into the Installation. */
    readonly ipPools: readonly IpPoolConfig[];
    /** Teams, whose pools are added to the Installation. Default none. */
    readonly teams?: readonly TeamConfig[];
    /** tigera-operator chart version. Default the runbook's v3.31.2. */
    readonly version?: string;
    /** Chart source override (see charts/chartSource.ts). Default "" (the Calico chart repository). */
    readonly chartSource?: string;
    /** Namespace of the operator. Default `tigera-operator`. */
    readonly namespace?: string;
    /** Calico settings rendered into the Installation beyond the pools (metrics ports). Default none. */
    readonly calico?: InstallationCalicoSettings;
    /** How long Helm may take for the release's hooks, in seconds. Default 600. */
    readonly timeoutSeconds?: number;
    /** Felix's dataplane (see dataplane.ts). Default Iptables. */
    readonly dataplane?: Dataplane;
    /**
     * The cluster's API server URL (the EKS endpoint). Required under BPF: Calico then reaches the API server
     * there instead of through the `kubernetes` Service, which kube-proxy no longer translates.
     */
    readonly apiServerUrl?: pulumi.Input<string>;
}

export class CalicoOperator extends pulumi.ComponentResource {
    /** The tigera-operator Helm release. */
    public readonly release: k8s.helm.v3.Release;
    /** The chart version Helm reports installed (the release's status), not the configured one. */
    public readonly version: pulumi.Output<string>;

    constructor(name: string, args: CalicoOperatorArgs, opts?: pulumi.ComponentResourceOptions) {
        super("calico-eks:calico:CalicoOperator", name, {}, opts);
        const version = args.version ?? CALICO_VERSION;
        const chart = resolveChart({ chart: "tigera-operator", repository: CALICO_CHART_REPOSITORY, version }, args.chartSource ?? "");

        this.release = new k8s.helm.v3.Release(
            name,
            {
                name: "calico",
                namespace: args.namespace ?? "tigera-operator",
                createNamespace: true,
                ...chart,
                skipCrds: true,
                values: operatorValues(args, version),
                // No node exists yet (nodes join only once the CNI is there), so nothing could become ready.
                skipAwait: true,
                timeout: args.timeoutSeconds ?? 600,
            },
            childOptions(this, opts),
        );
        // What Helm installed: with a local chart source no version is passed to Helm at all.
        this.version = this.release.status.version;
        this.registerOutputs({ release: this.release, version: this.version });
    }
}

/** The release's values: pools, CRDs left to CalicoCrds, and what the dataplane needs. */
function operatorValues(args: CalicoOperatorArgs, version: string): pulumi.Input<Record<string, unknown>> {
    const values = { ...tigeraOperatorValues(args.ipPools, args.teams ?? [], args.calico), manageCRDs: false };
    const dataplane = args.dataplane ?? "Iptables";
    if (dataplane === "Iptables") {
        // Exactly the values of stacks from before the setting: no change on their next `up`.
        return values;
    }
    if (args.apiServerUrl === undefined) {
        throw new Error(`CalicoOperator: dataplane ${dataplane} needs apiServerUrl (the cluster's API server URL)`);
    }
    // The endpoint is no secret, though the kubeconfig it may come from is: keep the values readable in state.
    return pulumi.unsecret(pulumi.output(args.apiServerUrl)).apply(url => withDataplaneValues(values, dataplaneValues(dataplane, version, url)));
}
