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
import { CalicoConfig, Dataplane, IpPoolConfig, TeamConfig } from "../config/types";
import { ADDON_TABLE } from "../addons/definitions";
import { clusterConnection } from "../cluster/kubeconfig";
import { AwsNodeRemoval } from "../cluster/awsNodeRemoval";
import { childOptions } from "../childOptions";
import { CALICO_VERSION } from "../config/defaults";
import { CalicoCrds } from "./calicoCrds";
import { CalicoOperator } from "./calicoOperator";
import { CalicoVersionPreflight } from "./versionPreflight";
import { parentValidated, resolveInClusterArgs } from "../inClusterArgs";
import { DataplanePreflight } from "./dataplanePreflight";
import { TeamNamespaces } from "./teamNamespaces";
import { WireguardEncryption } from "./wireguardEncryption";
import { MetricsMonitors } from "./metricsMonitors";

/**
 * The stack config's Calico keys, with their names and defaults; every one but the kubeconfig optional. Checked
 * in the constructor like CalicoEksCluster's arguments: every problem at once, as one ResourceError.
 */
export interface CalicoNetworkingArgs {
    /** Kubeconfig (JSON or YAML) of the cluster, for the aws-node removal and the version pre-flight. */
    readonly kubeconfig: pulumi.Input<string>;
    /** IP pools of the Installation; missing fields take the defaults. @default [{"name":"default-ipv4-ippool","cidr":"172.16.0.0/16","blockSize":26,"encapsulation":"VXLAN","natOutgoing":"Enabled","nodeSelector":"all()"}] */
    readonly ipPools?: readonly Partial<IpPoolConfig>[];
    /** Teams: their pools join the Installation, their namespaces are created annotated. @default [] */
    readonly teams?: readonly Partial<TeamConfig>[];
    /** tigera-operator chart version. @default "v3.31.2" */
    readonly calicoVersion?: string;
    /** Chart source: "" upstream, a mirror, oci:// prefix or a local directory. @default "" */
    readonly chartSource?: string;
    /** Felix's dataplane: Iptables, or BPF (the cluster must then run no kube-proxy; see dataplane.ts). @default "Iptables" */
    readonly dataplane?: Dataplane;
    /** The API server URL Calico uses under BPF. Default: the kubeconfig's server (the EKS endpoint). */
    readonly apiServerUrl?: pulumi.Input<string>;
    /**
     * Whether the caller removes kube-proxy in the same `up` (CalicoEksCluster deletes its managed add-on once
     * Felix takes over). Default false: `dataplane: BPF` is refused while a kube-proxy DaemonSet runs.
     */
    readonly removesKubeProxy?: boolean;
    /** WireGuard between nodes (wireguardEncryption.ts). @default false */
    readonly wireguard?: boolean;
    /** Felix and Typha Prometheus metrics on the host network (calicoMetrics.ts). @default false */
    readonly calicoMetrics?: boolean;
    /** Host port of Felix's metrics, with `calicoMetrics`. @default 9091 */
    readonly felixMetricsPort?: number;
    /** Host port of Typha's metrics, with `calicoMetrics`. @default 9093 */
    readonly typhaMetricsPort?: number;
    /** The cluster's node network, which the pools must not overlap (checked only). @default "192.168.0.0/16" */
    readonly vpcCidr?: string;
    /** The cluster's service CIDR, which the pools must not overlap (checked only). @default "10.100.0.0/16" */
    readonly serviceCidr?: string;
}

/** The keys CalicoNetworking takes from the stack config, whose problems it reports. */
const NETWORKING_KEYS = ["ipPools", "teams", "calicoVersion", "chartSource", "dataplane", "wireguard", "calicoMetrics", "felixMetricsPort", "typhaMetricsPort", "vpcCidr", "serviceCidr"];

/** The node network is some cluster's existing one: only its CIDR is checked (not the sizes a new VPC must have). */
const AS_EXISTING_VPC = { existingVpcId: "vpc-00000000", existingPrivateSubnetIds: ["subnet-00000000", "subnet-00000001"] };

/**
 * No add-on: this component installs none, so its ports are checked against Kubernetes' and Calico's only.
 * ClusterAddons, given this component (`calico`), checks the add-ons' ports against these settings.
 */
const WITHOUT_ADDONS = Object.fromEntries(ADDON_TABLE.map(a => [`${a.name}Enabled`, false]));

export class CalicoNetworking extends pulumi.ComponentResource {
    public readonly awsNodeRemoval: AwsNodeRemoval;
    public readonly preflight: CalicoVersionPreflight;
    /** Refuses a dataplane switch one `up` cannot make safely (see dataplaneSwitch.ts). */
    public readonly dataplanePreflight: DataplanePreflight;
    public readonly crds: CalicoCrds;
    public readonly operator: CalicoOperator;
    public readonly teamNamespaces: TeamNamespaces;
    /** With `wireguard`: the FelixConfiguration patch. */
    public readonly wireguard?: WireguardEncryption;
    /** With `metrics`: the ServiceMonitors, applied where their CRD exists. */
    public readonly metricsMonitors?: MetricsMonitors;
    /** What node groups must wait for: no node may join before both exist. */
    public readonly readyForNodes: pulumi.Resource[];
    /** The Calico settings in force (dataplane, WireGuard, metrics ports): what ClusterAddons checks its ports against. */
    public readonly settings: CalicoConfig;

    constructor(name: string, given: CalicoNetworkingArgs, opts?: pulumi.ComponentResourceOptions) {
        super("calico-eks:calico:CalicoNetworking", name, {}, opts);
        // Defaults filled, every problem of the arguments reported at once, before any child exists.
        const { kubeconfig, apiServerUrl, removesKubeProxy, ...keys } = given;
        const config = resolveInClusterArgs(`CalicoNetworking "${name}"`, keys, NETWORKING_KEYS, this, parentValidated(opts), { ...AS_EXISTING_VPC, ...WITHOUT_ADDONS });
        this.settings = config.calico;
        const args = {
            ...given,
            ipPools: config.ipPools,
            teams: config.teams,
            calicoVersion: config.calico.version,
            chartSource: config.chartSource,
            calico: config.calico,
            dataplane: config.calico.dataplane,
        };
        this.awsNodeRemoval = new AwsNodeRemoval(`${name}-aws-node-removal`, { kubeconfig: args.kubeconfig }, childOptions(this, opts));
        const version = args.calicoVersion ?? CALICO_VERSION;
        // First: the version pre-flight (whose verdict the CRDs wait for) waits for this one's.
        this.dataplanePreflight = new DataplanePreflight(
            `${name}-dataplane-preflight`,
            {
                kubeconfig: args.kubeconfig,
                dataplane: args.dataplane ?? "Iptables",
                targetVersion: version,
                namespace: "tigera-operator",
                releaseName: "calico",
                kubeProxyRemovedHere: removesKubeProxy ?? false,
            },
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
                calico: args.calico,
                dataplane: args.dataplane,
                // Read only when needed: under Iptables the kubeconfig's shape is none of this component's business.
                apiServerUrl: args.dataplane === "BPF" ? (args.apiServerUrl ?? pulumi.output(args.kubeconfig).apply(k => clusterConnection(k).server)) : undefined,
            },
            // The runbook order: the VPC CNI goes before Calico arrives; the chart renders custom resources of the CRDs.
            {
                parent: this,
                deletedWith: opts?.deletedWith,
                dependsOn: pulumi.output(this.crds.chart.resources).apply(crds => [this.awsNodeRemoval, this.preflight, this.dataplanePreflight, this.crds.chart, ...(crds ?? [])]),
            },
        );
        // Annotated namespaces only mean something once the pools they name exist.
        this.teamNamespaces = new TeamNamespaces(`${name}-teams`, { teams: args.teams ?? [] }, { parent: this, deletedWith: opts?.deletedWith, dependsOn: [this.operator.release] });
        if (args.calico.wireguard) {
            // Before any node joins: Felix then starts with WireGuard on, and no pod traffic is ever sent in the clear.
            this.wireguard = new WireguardEncryption(`${name}-wireguard`, {
                parent: this,
                deletedWith: opts?.deletedWith,
                dependsOn: pulumi.output(this.crds.chart.resources).apply(crds => [this.crds.chart, ...(crds ?? [])]),
            });
        }
        if (args.calico.metrics) {
            // After the release: the operator (once nodes run it) creates calico-system and Typha's metrics Service.
            this.metricsMonitors = new MetricsMonitors(
                `${name}-metrics-monitors`,
                { kubeconfig: args.kubeconfig, felixMetricsPort: args.calico.felixMetricsPort },
                childOptions(this, opts, { dependsOn: [this.operator.release] }),
            );
        }
        this.readyForNodes = [this.awsNodeRemoval, this.operator.release, ...(this.wireguard ? [this.wireguard] : [])];
        this.registerOutputs({ calicoVersion: this.operator.version });
    }
}
