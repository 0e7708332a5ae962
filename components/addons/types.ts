/**
 * The shape every add-on shares: one definition (data) per add-on, installed by one mechanism
 * (HostNetworkRelease). Pure types: no Pulumi here, so validation and the plan can read the table.
 */
import { UpstreamChart } from "../charts/chartSource";
import { Problems } from "../config/problems";

/** The names and the resolved config, derived from the table. */
export type { AddonName, AddonsConfig } from "./definitions";

/**
 * A config key an add-on adds besides `<name>Enabled`, `<name>Version` and `<name>Values`. Everything about
 * the key is here: its name, type, default and meaning; reading, validation, defaults, the input type, the
 * host-port plan, the plan and the docs derive from it.
 */
export type AddonSetting = PortSetting | StringListSetting;

interface SettingBase {
    /** The stack config key (`calico-eks:<key>`). */
    readonly key: string;
    /** One line for Pulumi.yaml and the docs. */
    readonly description: string;
}

/**
 * A host port the add-on's pods bind (host network only). Validated as a port: 1024–65535, outside the
 * NodePort range, warned in the ephemeral range; in the host-port plan with `purpose`. The chart value at
 * `valuePath` carries it, and user values may not change that path (they would move the port behind the
 * plan's back).
 */
export interface PortSetting extends SettingBase {
    readonly kind: "port";
    readonly default: number;
    /** What listens there (the host-port plan's "purpose"). */
    readonly purpose: string;
    /** Where the chart takes it, dot-separated (`webhook.securePort`). */
    readonly valuePath: string;
}

/** A list of strings, checked by `check` when given (which adds to `problems` under `key[i]`). */
export interface StringListSetting extends SettingBase {
    readonly kind: "stringList";
    readonly default: readonly string[];
    readonly check?: (value: string[], problems: Problems) => void;
}

/** The resolved value of a setting. */
export type SettingValue<S> = S extends PortSetting ? number : S extends StringListSetting ? string[] : never;

/** The resolved values of a definition's settings, by setting name. */
export type SettingsOf<S> = { readonly [K in keyof S]: SettingValue<S[K]> };

/** What every add-on has in config: `<name>Enabled`, `<name>Version`, `<name>Values`. */
export interface AddonToggle {
    readonly enabled: boolean;
    /** Chart version to install. */
    readonly version: string;
    /** The user's own chart values (`<name>Values`), deep-merged over the program's last. */
    readonly values: Record<string, unknown>;
}

/** An add-on's resolved config: the toggle and its settings. */
export type ResolvedAddon<S = Record<string, AddonSetting>> = AddonToggle & SettingsOf<S>;

/**
 * What a definition's values are computed from. The first four are outputs of other resources (unknown in
 * a preview of a new stack): a definition places them in its values as they are, never reads them, so
 * everything else in the values stays known.
 */
export interface AddonValuesContext<Settings = Record<string, unknown>> {
    /** EKS cluster name. */
    readonly clusterName: unknown;
    /** AWS region. */
    readonly region: unknown;
    /** VPC ID. */
    readonly vpcId: unknown;
    /** ARN of the add-on's IRSA role, when it has one (undefined otherwise). */
    readonly roleArn?: unknown;
    /** The add-on's own settings. */
    readonly settings: Settings;
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

/**
 * A chart value the program sets for the overlay and that `<name>Values` may not change: the host network,
 * the DNS policy it needs, replicas that must not share a node. (Ports are guarded by their settings.)
 */
export interface GuardedValue {
    /** Dot-separated path in the chart values (`webhook.hostNetwork`). */
    readonly path: string;
    /** Why it is set so, for the refusal. */
    readonly why: string;
    /**
     * For a value the user may set in part (a list of extra arguments): true when their value keeps the guard
     * (names none of the flags that move a port). Absent: any change is refused.
     */
    readonly allows?: (value: unknown) => boolean;
}

export interface AddonDefinition<N extends string = string, S extends Record<string, AddonSetting> = Record<string, AddonSetting>> {
    readonly name: N;
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
    /** Its own config keys besides Enabled/Version/Values, by setting name (the field of the resolved config). */
    readonly settings: S;
    /** Host ports its pods bind whatever the settings (the port settings add theirs). Empty without host network. */
    readonly fixedHostPorts: readonly HostPort[];
    /** Add-ons whose releases must exist first (when enabled): its release depends on theirs. */
    readonly after: readonly string[];
    /** Replicas that bind the same host ports, so need that many distinct nodes (absent: no such need). */
    readonly replicasOnDistinctNodes?: number;
    /** Chart values `<name>Values` may not change (besides the port settings' value paths). */
    readonly guarded: readonly GuardedValue[];
    readonly irsa?: AddonIrsa;
    /** Values for the chart, with the host-network patch already in them (method: checked per definition). */
    values(context: AddonValuesContext<SettingsOf<S>>): Record<string, unknown>;
    /** Checks across its settings (besides each setting's own), adding to `problems`. */
    check?(addon: ResolvedAddon<S>, problems: Problems): void;
}
