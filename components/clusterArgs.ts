/**
 * The arguments of CalicoEksCluster: the stack config's keys, typed, every one optional, with the stack
 * config's defaults (components/config/defaults.ts), and `pulumi.Input` where a value plausibly comes from
 * another resource or stack (an existing VPC and its subnets, a KMS key, tags).
 *
 * Validation runs the same `resolveConfig` as the stack config. Values known while the program runs are checked
 * at once, all together; an Output-valued argument is checked when it resolves, before any resource takes it.
 * Pure apart from the Output plumbing: no resource is created here.
 */
import * as pulumi from "@pulumi/pulumi";
import { absoluteChartSource } from "./charts/chartSource";
import { CONFIG_DEFAULTS } from "./config/defaults";
import { CalicoEksConfigInput } from "./stack/input";
import { ConfigProblem, ConfigValidationError, formatProblem } from "./config/problems";
import { RawConfig, resolveConfig } from "./stack/resolve";
import { IpPoolConfig, NodeGroupConfig, TeamConfig } from "./config/types";
import { CalicoEksConfig } from "./stack/types";
import { maxNodeGroupNameLength } from "./nodes/nodeGroupNames";

/** The arguments that may be Outputs: what another stack or resource typically provides. */
export const DEFERRABLE_KEYS = ["existingVpcId", "existingPrivateSubnetIds", "existingPublicSubnetIds", "secretsKmsKeyArn", "tags"] as const;
export type DeferrableKey = (typeof DEFERRABLE_KEYS)[number];

/**
 * Documented arguments. Each `@default` is the value of CONFIG_DEFAULTS (a unit test holds them equal); the
 * add-on keys (`<addon>Enabled`, `<addon>Version`) come from the add-on table, see the README's Add-ons.
 */
export interface DocumentedClusterArgs {
    /** EKS cluster name (fixed at creation: changing it replaces the cluster). Unique within the program. @default "calico-eks" */
    readonly clusterName?: string;
    /** Kubernetes minor version, e.g. "1.33". @default "1.33" */
    readonly kubernetesVersion?: string;
    /** CIDR Services get their ClusterIPs from. @default "10.100.0.0/16" */
    readonly serviceCidr?: string;
    /** Public API endpoint. @default true */
    readonly endpointPublicAccess?: boolean;
    /** Private API endpoint (from inside the VPC). @default true */
    readonly endpointPrivateAccess?: boolean;
    /** Who may reach the public endpoint. @default ["0.0.0.0/0"] */
    readonly publicAccessCidrs?: string[];
    /** Let EKS install aws-node, kube-proxy and CoreDNS at creation (aws-node is removed again). @default false */
    readonly bootstrapSelfManagedAddons?: boolean;
    /** CIDR of the new VPC, or the CIDR the existing VPC has (pools and Services are checked against it). @default "192.168.0.0/16" */
    readonly vpcCidr?: string;
    /** AZ names for a new VPC; empty: the region's first `availabilityZoneCount`. @default [] */
    readonly availabilityZones?: string[];
    /** AZs of a new VPC (2–6). @default 3 */
    readonly availabilityZoneCount?: number;
    /** One NAT gateway for the VPC, or one per AZ. @default "single" */
    readonly natGateways?: "single" | "perAz";
    /**
     * An existing VPC to use instead of creating one; empty: create one. May be an Output (another stack's VPC):
     * its format is checked when it resolves, and an Output always means an existing VPC. @default ""
     */
    readonly existingVpcId?: pulumi.Input<string>;
    /** Private subnets of the existing VPC (two or more AZs): nodes and the control plane's ENIs. May be an Output. @default [] */
    readonly existingPrivateSubnetIds?: pulumi.Input<string[]>;
    /** Public subnets of the existing VPC (internet-facing load balancers). May be an Output. @default [] */
    readonly existingPublicSubnetIds?: pulumi.Input<string[]>;
    /** tigera-operator chart version (a Calico release). @default "v3.31.2" */
    readonly calicoVersion?: string;
    /** Felix's dataplane. @default "Iptables" */
    readonly dataplane?: "Iptables" | "BPF";
    /** WireGuard encryption of pod traffic between nodes. @default false */
    readonly wireguard?: boolean;
    /** Prometheus metrics from Felix and Typha. @default false */
    readonly calicoMetrics?: boolean;
    /** Host port of Felix's metrics, with `calicoMetrics`. @default 9091 */
    readonly felixMetricsPort?: number;
    /** Host port of Typha's metrics, with `calicoMetrics`. @default 9093 */
    readonly typhaMetricsPort?: number;
    /** Where charts come from: "" upstream, an http(s) mirror, oci:// prefix, or a local directory (relative: to the working directory). @default "" */
    readonly chartSource?: string;
    /** Calico IP pools; missing fields take the first pool's defaults (VXLAN, natOutgoing Enabled, /26 blocks). @default [{"name":"default-ipv4-ippool","cidr":"172.16.0.0/16","blockSize":26,"encapsulation":"VXLAN","natOutgoing":"Enabled","nodeSelector":"all()"}] */
    readonly ipPools?: Partial<IpPoolConfig>[];
    /** Managed node groups; missing fields take the defaults (m5.large, 1/2/3, 100 pods). @default [{"name":"default","instanceTypes":["m5.large"],"minSize":1,"desiredSize":2,"maxSize":3,"maxPods":100,"diskSizeGiB":50,"capacityType":"ON_DEMAND","labels":{},"amiId":""}] */
    readonly nodeGroups?: Partial<NodeGroupConfig>[];
    /** Teams: each gets its own pool and namespaces that draw only from it. @default [] */
    readonly teams?: Partial<TeamConfig>[];
    /** IMDS hop limit on nodes (1 keeps overlay pods away from the node role). @default 1 */
    readonly nodeMetadataHopLimit?: number;
    /** Require IMDSv2 on nodes. @default true */
    readonly requireImdsv2?: boolean;
    /** Control-plane log types sent to CloudWatch; empty: off. @default ["audit","authenticator"] */
    readonly controlPlaneLogTypes?: string[];
    /** Retention of the control-plane log group, in days (0: never expire). @default 90 */
    readonly controlPlaneLogRetentionDays?: number;
    /** Envelope-encrypt Kubernetes secrets with a customer-managed KMS key. @default true */
    readonly secretsEncryption?: boolean;
    /**
     * The KMS key for secrets; empty: one is created. May be an Output (a key of another stack): checked when it
     * resolves, and an Output always means "use this key" (it may not resolve to ""). @default ""
     */
    readonly secretsKmsKeyArn?: pulumi.Input<string>;
    /** Attach AmazonSSMManagedInstanceCore to the node role. @default true */
    readonly nodeSsmAccess?: boolean;
    /** Tags for every taggable AWS resource, under the program's own. May be an Output: checked when it resolves. @default {} */
    readonly tags?: pulumi.Input<Record<string, string>>;
}

/**
 * Arguments of CalicoEksCluster: the stack config's keys (see DocumentedClusterArgs, and each add-on's keys from
 * the add-on table: `<addon>Enabled`, `<addon>Version`, its settings and `<addon>Values`), every one optional.
 */
export interface CalicoEksClusterArgs extends DocumentedClusterArgs, Omit<CalicoEksConfigInput, keyof DocumentedClusterArgs> {
    /**
     * An already resolved config (from `resolveConfig`, which validated it), for callers that have one: the other
     * arguments must then be absent.
     */
    readonly config?: CalicoEksConfig;
}

/** The Output-valued arguments, resolved after validation: what resources take instead of the placeholders. */
export type DeferredValues = Partial<{ existingVpcId: string; existingPrivateSubnetIds: string[]; existingPublicSubnetIds: string[]; secretsKmsKeyArn: string; tags: Record<string, string> }>;

/**
 * Stand-ins that pass every check, validated in place of an Output until it resolves. Each is recognisable in
 * a message, so no problem about a stand-in is ever reported (the real value is checked later instead).
 */
const PLACEHOLDERS: Record<DeferrableKey, unknown> = {
    existingVpcId: "vpc-000000000defe7",
    existingPrivateSubnetIds: ["subnet-000000000defe7a0", "subnet-000000000defe7b0"],
    existingPublicSubnetIds: [],
    secretsKmsKeyArn: "",
    tags: {},
};

/** True for a value only known later: an Output or a Promise. */
function isDeferred(value: unknown): boolean {
    return pulumi.Output.isInstance(value) || value instanceof Promise;
}

export interface ResolvedClusterArgs {
    /** The resolved config; deferred fields hold stand-ins (never read them: take `deferred` instead). */
    readonly config: CalicoEksConfig;
    /** Accepted but worth telling. */
    readonly warnings: ConfigProblem[];
    /** Keys whose values come from Outputs. */
    readonly deferredKeys: DeferrableKey[];
    /** The Output-valued arguments as given (unresolved), by key. */
    readonly deferredInputs: Partial<Record<DeferrableKey, pulumi.Input<unknown>>>;
    /** The raw values the config was resolved from (known ones), for checking again once the rest resolves. */
    readonly raw: RawConfig;
}

export interface ArgsContext {
    readonly region?: string;
    readonly projectDir?: string;
}

/**
 * Resolves the known arguments. Throws ConfigValidationError listing every problem of them. Output-valued
 * arguments are validated as stand-ins here, and for real by `checkDeferred` once they resolve.
 */
export function resolveClusterArgs(args: CalicoEksClusterArgs, context: ArgsContext = {}): ResolvedClusterArgs {
    const { config: given, ...rest } = args;
    if (given) {
        const extra = Object.keys(rest).filter(k => (rest as Record<string, unknown>)[k] !== undefined);
        if (extra.length) {
            throw new ConfigValidationError(
                extra.map(key => ({ key, message: "given next to a resolved config, which already holds every key", fix: `pass either config or ${key} (and the other keys), not both` })),
            );
        }
        // resolveConfig made it, and validated it then.
        return { config: given, warnings: [], deferredKeys: [], deferredInputs: {}, raw: {} };
    }
    const raw: RawConfig = {};
    const deferredKeys: DeferrableKey[] = [];
    const deferredInputs: Partial<Record<DeferrableKey, pulumi.Input<unknown>>> = {};
    for (const [key, value] of Object.entries(rest)) {
        if (value === undefined) {
            continue;
        }
        if ((DEFERRABLE_KEYS as readonly string[]).includes(key) && isDeferred(value)) {
            deferredKeys.push(key as DeferrableKey);
            deferredInputs[key as DeferrableKey] = value as pulumi.Input<unknown>;
            raw[key] = PLACEHOLDERS[key as DeferrableKey];
        } else {
            raw[key] = value;
        }
    }
    const warnings: ConfigProblem[] = [];
    let config: CalicoEksConfig;
    try {
        config = resolveConfig(raw, { region: context.region, warnings, projectDir: context.projectDir });
    } catch (err) {
        // A problem about a stand-in is no problem of the caller's: the real value is checked when it resolves.
        const real = err instanceof ConfigValidationError ? err.problems.filter(p => !mentionsPlaceholder(p)) : [];
        throw real.length ? new ConfigValidationError(real) : err;
    }
    return { config, warnings: warnings.filter(w => !mentionsPlaceholder(w)), deferredKeys, deferredInputs, raw };
}

/**
 * Problems (and warnings) the resolved Output values bring: those of the full config with the real values that
 * the stand-ins did not have. Also refuses an Output that resolves to "nothing" where an Output meant "given".
 */
export function checkDeferred(resolved: ResolvedClusterArgs, values: DeferredValues, context: ArgsContext = {}): { problems: ConfigProblem[]; warnings: ConfigProblem[] } {
    const raw = { ...resolved.raw, ...values };
    const problems: ConfigProblem[] = [];
    if (resolved.deferredKeys.includes("existingVpcId") && !values.existingVpcId) {
        problems.push({
            key: "existingVpcId",
            message: "the Output given resolved to an empty VPC ID; an Output always means an existing VPC",
            fix: "pass the VPC ID, or leave existingVpcId out to create a VPC",
        });
    }
    if (resolved.deferredKeys.includes("secretsKmsKeyArn") && !values.secretsKmsKeyArn) {
        problems.push({
            key: "secretsKmsKeyArn",
            message: "the Output given resolved to an empty key ARN; an Output always means an existing key",
            fix: "pass the key's ARN, or leave secretsKmsKeyArn out to have one created",
        });
    }
    const warnings: ConfigProblem[] = [];
    const same = (a: ConfigProblem) => (b: ConfigProblem) => a.key === b.key && a.message === b.message;
    try {
        resolveConfig(raw, { region: context.region, warnings, projectDir: context.projectDir });
    } catch (err) {
        if (!(err instanceof ConfigValidationError)) {
            throw err;
        }
        problems.push(...err.problems);
    }
    const before = (() => {
        const w: ConfigProblem[] = [];
        try {
            resolveConfig(resolved.raw, { region: context.region, warnings: w, projectDir: context.projectDir });
        } catch {
            // The known values passed when the component was constructed.
        }
        return w;
    })();
    return { problems, warnings: warnings.filter(w => !before.some(same(w))) };
}

/**
 * Names built from the component's name: validation assumes the program's own (short) name, a consumer picks
 * theirs. Each node group's launch template is auto-named `<component>-<group>-` plus 7 characters, at most 128.
 */
export function componentNameProblems(component: string, config: CalicoEksConfig): ConfigProblem[] {
    const { max, why } = maxNodeGroupNameLength(component);
    return config.nodeGroups.flatMap((group, i) =>
        group.name.length > max
            ? [
                  {
                      key: `nodeGroups[${i}].name`,
                      message: `"${group.name}" is ${group.name.length} characters; in a CalicoEksCluster named "${component}" a node group name may have ${Math.max(max, 0)}: ${why}`,
                      fix: "give the component or the node group a shorter name",
                  },
              ]
            : [],
    );
}

function mentionsPlaceholder(problem: ConfigProblem): boolean {
    const text = `${problem.message} ${problem.fix}`;
    return text.includes("defe7");
}

/**
 * One line per problem, naming the component and the argument: `CalicoEksCluster "apps": vpcCidr: ... Fix: ...`.
 * The checks word their fixes as stack config commands (`pulumi config set 'vpcCidr' 10.0.0.0/16`); for
 * arguments they read "set vpcCidr to 10.0.0.0/16".
 */
export function formatArgProblem(component: string, problem: ConfigProblem): string {
    return `${component}: ${problem.key}: ${problem.message}. Fix: ${argFix(problem.fix)}`;
}

/** A fix worded for the stack config (`pulumi config set 'k' v`, `npm run plan`), reworded for arguments. */
export function argFix(fix: string): string {
    return fix
        .replace(/pulumi config set (?:--path )?'([^']+)' /g, "set $1 to ")
        .replace(/pulumi config set (?:--path )?([A-Za-z][\w.[\]"]*) /g, "set $1 to ")
        .replace(/pulumi config rm (?:--path )?'([^']+)'/g, "leave $1 out")
        .replace(/pulumi config rm (?:--path )?([A-Za-z][\w.[\]]*)/g, "leave $1 out")
        .replace(/npm run plan lists the taken ones/g, "the hostPorts output lists the taken ones");
}

/** The problems as an error's `problems` holds them: fixes in the arguments' terms unless worded for a stack. */
export function problemsWorded(problems: readonly ConfigProblem[], wording: "args" | "stack"): ConfigProblem[] {
    return wording === "stack" ? [...problems] : problems.map(p => ({ ...p, fix: argFix(p.fix) }));
}

/**
 * What a component refuses: one error on it listing every problem, `problems` holding each with its key and
 * fix. CalicoEksClusterError and InClusterArgsError name which component's arguments.
 */
export class ComponentArgsError extends pulumi.ResourceError {
    constructor(
        message: string,
        resource: pulumi.Resource,
        readonly problems: readonly ConfigProblem[],
    ) {
        super(message, resource, true);
        this.name = new.target.name;
    }
}

/** The error message a component reports: every problem, one per line. */
export function argsErrorMessage(component: string, problems: readonly ConfigProblem[], wording: "args" | "stack"): string {
    const line = (p: ConfigProblem) => (wording === "stack" ? formatProblem(p) : formatArgProblem(component, p));
    return `Invalid arguments (${problems.length} problem${problems.length === 1 ? "" : "s"}); nothing of ${component} was created:\n${problems.map(p => `  - ${line(p)}`).join("\n")}`;
}

/** Args built from a stack's config: problems in them are worded as stack config (`calico-eks:key`, `pulumi config set`). */
const FROM_STACK_CONFIG = new WeakSet<object>();

export function wordingOf(args: object): "args" | "stack" {
    return FROM_STACK_CONFIG.has(args) ? "stack" : "args";
}

/**
 * The stack config as CalicoEksCluster arguments: Pulumi's string forms (`"3"`, `"true"`, JSON documents) become
 * the typed values, by the type of each key's default; a relative chartSource becomes absolute against
 * `projectDir`. Values that do not parse are passed as they are, so validation names them as the stack has them.
 */
export function stackConfigArgs(raw: RawConfig, projectDir: string): CalicoEksClusterArgs {
    const defaults = CONFIG_DEFAULTS as Record<string, unknown>;
    const args: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(raw)) {
        const wanted = defaults[key];
        if (typeof value === "string" && wanted !== undefined && typeof wanted !== "string") {
            args[key] = parsedOr(value);
        } else {
            args[key] = value;
        }
    }
    if (typeof args.chartSource === "string") {
        args.chartSource = absoluteChartSource(args.chartSource.trim(), projectDir);
    }
    FROM_STACK_CONFIG.add(args);
    return args as CalicoEksClusterArgs;
}

function parsedOr(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}
