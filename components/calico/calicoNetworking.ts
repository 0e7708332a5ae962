/**
 * The in-cluster half of the runbook's networking, with no AWS in it: remove the VPC CNI (step 2), then
 * install Calico through the tigera-operator with the configured pools (steps 3–4). Give it a Kubernetes
 * provider (opts.provider) and the same cluster's kubeconfig; it works on any cluster.
 *
 * Order: the dataplane pre-flight (refuses a dataplane switch one `up` cannot make safely), the version
 * pre-flight (refuses a change the cluster is not ready for, before anything changes),
 * then the release's CRDs (applied server-side at the release's version), then the operator release.
 */
import * as pulumi from "@pulumi/pulumi";
import { Dataplane, IpPoolConfig, TeamConfig } from "../config/types";
import { clusterConnection } from "../cluster/kubeconfig";
import { AwsNodeRemoval } from "../cluster/awsNodeRemoval";
import { childOptions } from "../childOptions";
import { CALICO_VERSION } from "../config/defaults";
import { CalicoCrds } from "./calicoCrds";
import { CalicoOperator } from "./calicoOperator";
import { CalicoVersionPreflight } from "./versionPreflight";
import { DataplanePreflight } from "./dataplanePreflight";
import { TeamNamespaces } from "./teamNamespaces";

export interface CalicoNetworkingArgs {
    /** Kubeconfig (JSON) of the cluster, for the aws-node removal. */
    readonly kubeconfig: pulumi.Input<string>;
    /** IP pools of the Installation. */
    readonly ipPools: readonly IpPoolConfig[];
    /** Teams: their pools join the Installation, their namespaces are created annotated. Default none. */
    readonly teams?: readonly TeamConfig[];
    /** tigera-operator chart version. Default v3.31.2. */
    readonly calicoVersion?: string;
    /** Chart source override. Default "" (upstream). */
    readonly chartSource?: string;
    /** Felix's dataplane. Default Iptables. Under BPF the cluster must run no kube-proxy (see dataplane.ts). */
    readonly dataplane?: Dataplane;
    /** The API server URL Calico uses under BPF. Default: the kubeconfig's server (the EKS endpoint). */
    readonly apiServerUrl?: pulumi.Input<string>;
}

export class CalicoNetworking extends pulumi.ComponentResource {
    public readonly awsNodeRemoval: AwsNodeRemoval;
    public readonly preflight: CalicoVersionPreflight;
    /** Refuses a dataplane switch one `up` cannot make safely (see dataplaneSwitch.ts). */
    public readonly dataplanePreflight: DataplanePreflight;
    public readonly crds: CalicoCrds;
    public readonly operator: CalicoOperator;
    public readonly teamNamespaces: TeamNamespaces;
    /** What node groups must wait for: no node may join before both exist. */
    public readonly readyForNodes: pulumi.Resource[];

    constructor(name: string, args: CalicoNetworkingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("calico-eks:calico:CalicoNetworking", name, {}, opts);
        this.awsNodeRemoval = new AwsNodeRemoval(`${name}-aws-node-removal`, { kubeconfig: args.kubeconfig }, childOptions(this, opts));
        const version = args.calicoVersion ?? CALICO_VERSION;
        // First: the version pre-flight (whose verdict the CRDs wait for) waits for this one's.
        this.dataplanePreflight = new DataplanePreflight(
            `${name}-dataplane-preflight`,
            { kubeconfig: args.kubeconfig, dataplane: args.dataplane ?? "Iptables", targetVersion: version, namespace: "tigera-operator", releaseName: "calico" },
            { parent: this, deletedWith: opts?.deletedWith },
        );
        this.preflight = new CalicoVersionPreflight(
            `${name}-version-preflight`,
            { kubeconfig: args.kubeconfig, targetVersion: version, namespace: "tigera-operator", releaseName: "calico" },
            { parent: this, deletedWith: opts?.deletedWith, dependsOn: [this.dataplanePreflight] },
        );
        this.crds = new CalicoCrds(
            `${name}-crds`,
            { version, checkedVersion: this.preflight.checkedVersion, chartSource: args.chartSource },
            { parent: this, deletedWith: opts?.deletedWith, dependsOn: [this.preflight] },
        );
        this.operator = new CalicoOperator(
            `${name}-tigera-operator`,
            {
                ipPools: args.ipPools,
                teams: args.teams,
                version,
                chartSource: args.chartSource,
                dataplane: args.dataplane,
                // Read only when needed: under Iptables the kubeconfig's shape is none of this component's business.
                apiServerUrl: args.dataplane === "BPF" ? (args.apiServerUrl ?? pulumi.output(args.kubeconfig).apply(k => clusterConnection(k).server)) : undefined,
            },
            // The runbook order: the VPC CNI goes before Calico arrives; the chart renders custom resources of the CRDs.
            { parent: this, deletedWith: opts?.deletedWith, dependsOn: pulumi.output(this.crds.chart.resources).apply(crds => [this.awsNodeRemoval, this.preflight, this.dataplanePreflight, this.crds.chart, ...(crds ?? [])]) },
        );
        // Annotated namespaces only mean something once the pools they name exist.
        this.teamNamespaces = new TeamNamespaces(`${name}-teams`, { teams: args.teams ?? [] }, { parent: this, deletedWith: opts?.deletedWith, dependsOn: [this.operator.release] });
        this.readyForNodes = [this.awsNodeRemoval, this.operator.release];
        this.registerOutputs({ calicoVersion: this.operator.version });
    }
}
