/**
 * The shape every add-on shares: one definition (data) per add-on, installed by one mechanism
 * (HostNetworkRelease). Pure types: no Pulumi here, so validation and the plan can read the table.
 */
import { UpstreamChart } from "../charts/chartSource";

export type AddonName =
    | "loadBalancerController"
    | "metricsServer"
    | "certManager"
    | "externalDns"
    | "clusterAutoscaler"
    | "ebsCsiDriver"
    | "efsCsiDriver"
    | "nodeProblemDetector";

/** What every add-on has in config: `<name>Enabled`, `<name>Version`. */
export interface AddonToggle {
    readonly enabled: boolean;
    /** Chart version to install. */
    readonly version: string;
}

/** Resolved add-on config: the toggles plus the few settings some add-ons have. */
export interface AddonsConfig {
    readonly loadBalancerController: AddonToggle & { readonly webhookPort: number };
    readonly metricsServer: AddonToggle & { readonly port: number };
    readonly certManager: AddonToggle & { readonly webhookPort: number };
    readonly externalDns: AddonToggle & { readonly domainFilters: string[]; readonly hostedZoneIds: string[] };
    readonly clusterAutoscaler: AddonToggle;
    readonly ebsCsiDriver: AddonToggle;
    readonly efsCsiDriver: AddonToggle;
    readonly nodeProblemDetector: AddonToggle;
}

/**
 * What a definition's values are computed from. The first four are outputs of other resources (unknown in
 * a preview of a new stack): a definition places them in its values as they are, never reads them, so
 * everything else in the values stays known.
 */
export interface AddonValuesContext {
    /** EKS cluster name. */
    readonly clusterName: unknown;
    /** AWS region. */
    readonly region: unknown;
    /** VPC ID. */
    readonly vpcId: unknown;
    /** ARN of the add-on's IRSA role, when it has one (undefined otherwise). */
    readonly roleArn?: unknown;
    readonly config: AddonsConfig;
    /** Kubernetes minor version, for images that follow it (cluster-autoscaler). */
    readonly kubernetesVersion: string;
}

export interface HostPort {
    /** The port, or the first port of a range. */
    readonly port: number;
    /** The last port of a range (inclusive); absent for a single port. */
    readonly lastPort?: number;
    readonly protocol: "TCP" | "UDP";
    /** What listens there. */
    readonly purpose: string;
    /** The config key that moves it, when one does. */
    readonly configKey?: string;
}

/** What an add-on's inline policy is scoped by. */
export interface AddonPolicyContext {
    /** This cluster's name (cluster-autoscaler: only its node groups). */
    readonly clusterName: string;
    /** Route 53 hosted zones external-dns may change; empty means every zone. */
    readonly hostedZoneIds: string[];
}

/** An IAM role for the add-on's service account (IRSA). */
export interface AddonIrsa {
    readonly serviceAccount: string;
    /** Inline policy document, built for the cluster. */
    readonly policy?: (context: AddonPolicyContext) => object;
    /** AWS managed policies to attach. */
    readonly managedPolicyArns?: string[];
}

export interface AddonDefinition {
    readonly name: AddonName;
    /** Human name, for docs and the plan. */
    readonly title: string;
    readonly chart: UpstreamChart;
    readonly releaseName: string;
    readonly namespace: string;
    readonly enabledByDefault: boolean;
    /** Whether its pods run on the host network. */
    readonly hostNetwork: boolean;
    /** Why (the runbook's verdict, or the reason this program differs). */
    readonly verdict: string;
    /** Host ports its pods bind on every node they run on (empty without host network). */
    readonly hostPorts: (config: AddonsConfig) => HostPort[];
    readonly irsa?: AddonIrsa;
    /** Values for the chart, with the host-network patch already in them. */
    readonly values: (context: AddonValuesContext) => Record<string, unknown>;
}
