/**
 * The add-ons, as data: the one place an add-on is described. Each says where its chart comes from, whether
 * its pods need the host network and why (the runbook measured most of this), its config keys (settings:
 * key, type, default, and for a port what listens there and which chart value carries it), the host ports
 * its pods bind, what it is installed after, how many replicas need distinct nodes, which chart values user
 * values may not change, what IAM role it needs, and its chart values with the runbook's
 * `kubectl patch ... hostNetwork: true` already in them. Config keys and defaults, reading, validation, the
 * host-port plan and the plan derive from here; Pulumi.yaml and the README's table are tested against it.
 *
 * Rule of thumb under a Calico overlay on EKS: whatever the EKS control plane must call (an admission
 * webhook, an aggregated API) must listen on a node address, because the control plane lives in the VPC
 * and cannot reach overlay pod IPs. Whatever only calls out (AWS APIs through NAT, the Kubernetes API)
 * works from the overlay.
 */
import { setCommand } from "../config/problems";
import { checkDomainFilters } from "./domainFilters";
import { clusterAutoscalerPolicy, externalDnsPolicy, loadBalancerControllerPolicy } from "./policies";
import { AddonDefinition, AddonSetting, ResolvedAddon, SettingValue } from "./types";
import { argsWithout } from "./userValues";

const ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn";
const serviceAccount = (name: string, roleArn: unknown) => ({ create: true, name, annotations: roleArn ? { [ROLE_ARN_ANNOTATION]: roleArn } : {} });

/**
 * Two host-network replicas on one node would bind the same ports: never schedule them together, and roll
 * them by replacing one at a time (a surge pod would find no node with the ports free).
 */
const ONE_AT_A_TIME = { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } };

/**
 * One add-on's definition, with its settings' types kept (so its `values` reads `settings.port` as a number).
 * `const`: the names and keys stay literal, for the config key types derived below.
 */
function defineAddon<const N extends string, const S extends Record<string, AddonSetting>>(definition: AddonDefinition<N, S>): AddonDefinition<N, S> {
    return definition;
}

/** The EFS node plugin's TLS mount tunnels: efs-utils' lower bound and the chart's portRangeUpperBound. */
const EFS_TUNNEL_PORTS = { first: 20049, last: 21049 } as const;

/** What a non-host-network add-on keeps: its pods on the overlay (on the host they would bind ports outside the plan). */
const ON_THE_OVERLAY = "its pods stay on the overlay: on the host network they would bind ports the host-port plan does not know";

/**
 * Everything but the load balancer controller comes after it: the controller's Service webhook must be
 * answerable before anything creates a Service, and on destroy it must still run while the others (which
 * may own load balancers) go.
 */
const AFTER_THE_CONTROLLER = ["loadBalancerController"] as const;

const oneReplicaPerNode = (labels: Record<string, string>) => ({
    podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: labels }, topologyKey: "kubernetes.io/hostname" }],
    },
});

export const ADDONS = [
    defineAddon({
        name: "loadBalancerController",
        title: "AWS Load Balancer Controller",
        chart: { chart: "aws-load-balancer-controller", repository: "https://aws.github.io/eks-charts", version: "1.14.1" },
        releaseName: "aws-load-balancer-controller",
        namespace: "kube-system",
        enabledByDefault: true,
        hostNetwork: true,
        verdict: "needed (runbook: measured): its Service/Ingress admission webhooks are called by the control plane",
        settings: {
            webhookPort: {
                kind: "port",
                key: "loadBalancerControllerWebhookPort",
                default: 9443,
                purpose: "admission webhook",
                valuePath: "webhookBindPort",
                description: "Host port of the AWS Load Balancer Controller webhook.",
            },
        },
        fixedHostPorts: [
            { port: 8080, protocol: "TCP", purpose: "metrics" },
            { port: 61779, protocol: "TCP", purpose: "health probe" },
        ],
        // First of all: see AFTER_THE_CONTROLLER.
        after: [],
        replicasOnDistinctNodes: 2,
        guarded: [
            { path: "hostNetwork", why: "the control plane calls its webhooks, and cannot reach overlay pod addresses" },
            { path: "dnsPolicy", why: "on the host network it needs ClusterFirstWithHostNet to resolve through cluster DNS" },
            { path: "defaultTargetType", why: "IP targets would be overlay pod addresses, which the load balancers cannot reach" },
            { path: "replicaCount", why: "its two replicas bind the same host ports on two nodes, which the node-group check counts" },
            { path: "affinity.podAntiAffinity", why: "two replicas on one node would bind the same host ports" },
            { path: "updateStrategy", why: "a surge pod would find no node with the host ports free" },
            {
                path: "metricsBindAddr",
                why: "it moves the controller's metrics listener, which the host-port plan holds at TCP/8080 on the host network",
                allows: value => value === "" || value === ":8080",
            },
        ],
        irsa: { serviceAccount: "aws-load-balancer-controller", policy: () => loadBalancerControllerPolicy() },
        values: ctx => ({
            clusterName: ctx.clusterName,
            region: ctx.region,
            // Set explicitly: with an IMDS hop limit of 1 the controller could not discover it from a pod.
            vpcId: ctx.vpcId,
            hostNetwork: true,
            dnsPolicy: "ClusterFirstWithHostNet",
            webhookBindPort: ctx.settings.webhookPort,
            // IP targets would be overlay pod addresses, which the load balancers cannot reach.
            defaultTargetType: "instance",
            replicaCount: 2,
            affinity: oneReplicaPerNode({ "app.kubernetes.io/name": "aws-load-balancer-controller" }),
            updateStrategy: ONE_AT_A_TIME,
            serviceAccount: serviceAccount("aws-load-balancer-controller", ctx.roleArn),
            // The chart's Service webhook (it makes this controller the default for LoadBalancer Services)
            // sees every Service create and fails closed: with both replicas down, no Service could be
            // created anywhere in the cluster. Fail open instead: only a LoadBalancer Service created during
            // the outage misses the default class (give it spec.loadBalancerClass to be independent of it).
            serviceMutatorWebhookConfig: { failurePolicy: "Ignore" },
        }),
    }),
    defineAddon({
        name: "metricsServer",
        title: "metrics-server",
        chart: { chart: "metrics-server", repository: "https://kubernetes-sigs.github.io/metrics-server/", version: "3.13.0" },
        releaseName: "metrics-server",
        namespace: "kube-system",
        enabledByDefault: true,
        hostNetwork: true,
        verdict: "needed (runbook: measured; without it `kubectl top` has no data): the control plane calls its aggregated metrics.k8s.io API",
        settings: {
            // The chart's default 10250 is the kubelet's port on every node.
            port: {
                kind: "port",
                key: "metricsServerPort",
                default: 4443,
                purpose: "metrics API (secure port)",
                valuePath: "containerPort",
                description: "Host port of metrics-server (off the kubelet port 10250).",
            },
        },
        fixedHostPorts: [],
        after: AFTER_THE_CONTROLLER,
        replicasOnDistinctNodes: 2,
        guarded: [
            { path: "hostNetwork.enabled", why: "the control plane calls its aggregated API, and cannot reach overlay pod addresses" },
            { path: "replicas", why: "its two replicas bind the same host port on two nodes, which the node-group check counts" },
            { path: "affinity.podAntiAffinity", why: "two replicas on one node would bind the same host port" },
            { path: "updateStrategy", why: "a surge pod would find no node with the host port free" },
            // The chart appends `args` after its own --secure-port: the last one wins.
            { path: "args", why: "a --secure-port among them overrides the chart's, off the host port metricsServerPort sets", allows: argsWithout("--secure-port") },
        ],
        // No DNS setting, on purpose (the chart has no dnsPolicy value): metrics-server resolves no name. It
        // reaches kubelets by node address (the chart's --kubelet-preferred-address-types starts with
        // InternalIP) and the API server by KUBERNETES_SERVICE_HOST, an IP. Its host-network pod gets
        // ClusterFirst, which the kubelet turns into the node's resolver, so it does not depend on CoreDNS.
        values: ctx => ({
            hostNetwork: { enabled: true },
            containerPort: ctx.settings.port,
            replicas: 2,
            affinity: oneReplicaPerNode({ "app.kubernetes.io/name": "metrics-server" }),
            updateStrategy: ONE_AT_A_TIME,
        }),
    }),
    defineAddon({
        name: "certManager",
        title: "cert-manager",
        chart: { chart: "cert-manager", repository: "https://charts.jetstack.io", version: "v1.19.1" },
        releaseName: "cert-manager",
        namespace: "cert-manager",
        enabledByDefault: false,
        hostNetwork: true,
        verdict: "webhook needed: the control plane calls its validating/mutating webhooks; controller and cainjector stay on the overlay",
        settings: {
            // The chart's default 10250 is the kubelet's port.
            webhookPort: {
                kind: "port",
                key: "certManagerWebhookPort",
                default: 10260,
                purpose: "webhook secure port",
                valuePath: "webhook.securePort",
                description: "Host port of the cert-manager webhook (off the kubelet port 10250).",
            },
        },
        fixedHostPorts: [
            { port: 6080, protocol: "TCP", purpose: "webhook health" },
            { port: 9402, protocol: "TCP", purpose: "webhook metrics" },
        ],
        after: AFTER_THE_CONTROLLER,
        guarded: [
            { path: "webhook.hostNetwork", why: "the control plane calls its webhooks, and cannot reach overlay pod addresses" },
            { path: "webhook.affinity.podAntiAffinity", why: "two webhook replicas on one node would bind the same host ports" },
            // With webhook.config.securePort the chart drops --secure-port (so certManagerWebhookPort) altogether.
            { path: "webhook.config.securePort", why: "the chart then binds that port instead of certManagerWebhookPort's, unchecked by the host-port plan" },
            { path: "webhook.config.healthzPort", why: "it moves the webhook's health port, which the host-port plan holds at TCP/6080" },
            {
                path: "webhook.extraArgs",
                why: "a --secure-port, --healthz-port or --metrics-listen-address among them moves a host port the host-port plan holds",
                allows: argsWithout("--secure-port", "--healthz-port", "--metrics-listen-address"),
            },
        ],
        values: ctx => ({
            crds: { enabled: true },
            webhook: {
                // The chart then also sets dnsPolicy ClusterFirstWithHostNet.
                hostNetwork: true,
                securePort: ctx.settings.webhookPort,
                affinity: oneReplicaPerNode({ "app.kubernetes.io/name": "webhook", "app.kubernetes.io/instance": "cert-manager" }),
            },
        }),
    }),
    defineAddon({
        name: "externalDns",
        title: "external-dns",
        chart: { chart: "external-dns", repository: "https://kubernetes-sigs.github.io/external-dns/", version: "1.19.0" },
        releaseName: "external-dns",
        namespace: "external-dns",
        enabledByDefault: false,
        hostNetwork: false,
        verdict: "not needed (runbook: measured, records were created from the overlay): it only calls out to Route 53",
        settings: {
            // Checked even while external-dns is off: turning it on later must not be the moment they fail.
            domainFilters: {
                kind: "stringList",
                key: "externalDnsDomainFilters",
                default: [],
                check: checkDomainFilters,
                description: "Domains external-dns may manage records in (required when it is enabled).",
            },
            hostedZoneIds: {
                kind: "stringList",
                key: "externalDnsHostedZoneIds",
                default: [],
                description: "Route 53 hosted zone IDs (Z...) external-dns may change records in; empty allows every zone of the account.",
            },
        },
        fixedHostPorts: [],
        after: AFTER_THE_CONTROLLER,
        // Its chart has no host-network value.
        guarded: [],
        irsa: { serviceAccount: "external-dns", policy: ({ hostedZoneIds }) => externalDnsPolicy(hostedZoneIds) },
        values: ctx => ({
            provider: { name: "aws" },
            domainFilters: ctx.settings.domainFilters,
            policy: "upsert-only",
            txtOwnerId: ctx.clusterName,
            // The role may change only these zones: tell external-dns too, or it tries the others and is refused.
            ...(ctx.settings.hostedZoneIds.length ? { extraArgs: { "zone-id-filter": ctx.settings.hostedZoneIds } } : {}),
            env: [{ name: "AWS_DEFAULT_REGION", value: ctx.region }],
            serviceAccount: serviceAccount("external-dns", ctx.roleArn),
        }),
        check: (addon, problems) => {
            if (addon.enabled && addon.domainFilters.length === 0) {
                problems.add(
                    "externalDnsDomainFilters",
                    "external-dns would manage records in every hosted zone it can see",
                    `${setCommand("externalDnsDomainFilters[0]", "example.com")}: list the domains it may manage`,
                );
            }
        },
    }),
    defineAddon({
        name: "clusterAutoscaler",
        title: "cluster-autoscaler",
        chart: { chart: "cluster-autoscaler", repository: "https://kubernetes.github.io/autoscaler", version: "9.50.1" },
        releaseName: "cluster-autoscaler",
        namespace: "kube-system",
        enabledByDefault: false,
        hostNetwork: false,
        verdict: "not needed (runbook: recommended, unmeasured): nothing calls it; it reaches the AWS APIs through NAT with its IRSA role",
        settings: {},
        fixedHostPorts: [],
        after: AFTER_THE_CONTROLLER,
        guarded: [{ path: "hostNetwork", why: ON_THE_OVERLAY }],
        irsa: { serviceAccount: "cluster-autoscaler", policy: ({ clusterName }) => clusterAutoscalerPolicy(clusterName) },
        values: ctx => ({
            cloudProvider: "aws",
            awsRegion: ctx.region,
            // EKS managed node groups tag their auto scaling groups for exactly this discovery.
            autoDiscovery: { clusterName: ctx.clusterName },
            // The chart's default, said here so that the guard above has a value to keep.
            hostNetwork: false,
            image: { tag: `v${ctx.kubernetesVersion}.0` },
            rbac: { serviceAccount: serviceAccount("cluster-autoscaler", ctx.roleArn) },
            extraArgs: { "balance-similar-node-groups": true, "skip-nodes-with-system-pods": false },
        }),
    }),
    defineAddon({
        name: "ebsCsiDriver",
        title: "Amazon EBS CSI driver",
        chart: { chart: "aws-ebs-csi-driver", repository: "https://kubernetes-sigs.github.io/aws-ebs-csi-driver", version: "2.48.0" },
        releaseName: "aws-ebs-csi-driver",
        namespace: "kube-system",
        enabledByDefault: false,
        hostNetwork: false,
        verdict: "not needed (runbook: measured, volumes attached from the overlay): nothing in the control plane calls it",
        settings: {},
        fixedHostPorts: [],
        after: AFTER_THE_CONTROLLER,
        guarded: [{ path: "node.hostNetwork", why: ON_THE_OVERLAY }],
        irsa: { serviceAccount: "ebs-csi-controller-sa", managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"] },
        values: ctx => ({
            controller: { region: ctx.region, serviceAccount: serviceAccount("ebs-csi-controller-sa", ctx.roleArn) },
            node: { hostNetwork: false },
        }),
    }),
    defineAddon({
        name: "efsCsiDriver",
        title: "Amazon EFS CSI driver",
        chart: { chart: "aws-efs-csi-driver", repository: "https://kubernetes-sigs.github.io/aws-efs-csi-driver", version: "3.2.3" },
        releaseName: "aws-efs-csi-driver",
        namespace: "kube-system",
        enabledByDefault: false,
        // Its chart always runs the node plugin on the host network (runbook: observed); nothing calls it.
        hostNetwork: true,
        verdict: "not needed for the control plane, but its node plugin is host-network by design (runbook: observed)",
        settings: {},
        fixedHostPorts: [
            { port: 9809, protocol: "TCP", purpose: "node plugin health" },
            // A TLS mount (the driver's default) runs a local tunnel per mount on a free port of this range:
            // efs-utils' lower bound, and the chart's portRangeUpperBound.
            { port: EFS_TUNNEL_PORTS.first, lastPort: EFS_TUNNEL_PORTS.last, protocol: "TCP", purpose: "TLS mount tunnels (stunnel / efs-proxy)" },
        ],
        after: AFTER_THE_CONTROLLER,
        guarded: [
            { path: "node.dnsPolicy", why: "the node plugin resolves EFS mount-target names, which only the VPC resolver knows; Default keeps mounts independent of CoreDNS" },
            { path: "portRangeUpperBound", why: `the host-port plan holds the TLS mount tunnels as TCP ${EFS_TUNNEL_PORTS.first}–${EFS_TUNNEL_PORTS.last}` },
        ],
        irsa: { serviceAccount: "efs-csi-controller-sa", managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AmazonEFSCSIDriverPolicy"] },
        values: ctx => ({
            controller: { serviceAccount: serviceAccount("efs-csi-controller-sa", ctx.roleArn) },
            // The node plugin resolves mount-target names (fs-….efs.<region>.amazonaws.com), which only the
            // VPC resolver knows. On the host network the chart's ClusterFirst already falls back to the
            // node's resolver; Default says so, and keeps mounts from ever depending on CoreDNS.
            node: { dnsPolicy: "Default" },
            // The chart's default, set so that the host-port plan and the pods read one number (a string, as
            // the chart passes it to an environment variable).
            portRangeUpperBound: String(EFS_TUNNEL_PORTS.last),
        }),
    }),
    defineAddon({
        name: "nodeProblemDetector",
        title: "node-problem-detector",
        chart: { chart: "node-problem-detector", repository: "https://charts.deliveryhero.io/", version: "2.3.14" },
        releaseName: "node-problem-detector",
        namespace: "kube-system",
        enabledByDefault: false,
        hostNetwork: false,
        verdict: "not needed (runbook: recommended, unmeasured): it reads node logs through host mounts and reports to the API server",
        settings: {},
        fixedHostPorts: [],
        after: AFTER_THE_CONTROLLER,
        guarded: [{ path: "hostNetwork", why: ON_THE_OVERLAY }],
        values: () => ({ hostNetwork: false }),
    }),
] as const;

type Definitions = (typeof ADDONS)[number];

/** The add-ons' names, from the table. */
export type AddonName = Definitions["name"];

/** Resolved add-on config, by add-on: `enabled`, `version`, `values`, and the definition's settings. */
export type AddonsConfig = { readonly [D in Definitions as D["name"]]: ResolvedAddon<D["settings"]> };

/** Every setting of every add-on. */
type AnySetting = { [D in Definitions as D["name"]]: D["settings"][keyof D["settings"]] }[AddonName];

/** The add-on keys as a caller writes them (see stack/input.ts). */
export type AddonConfigInput = { [K in AddonName as `${K}Enabled`]?: boolean } & { [K in AddonName as `${K}Version`]?: string } & {
    [K in AddonName as `${K}Values`]?: Record<string, unknown>;
} & { [S in AnySetting as S["key"]]?: SettingValue<S> };

/** The table as one type (its entries' settings widened), for code that handles every add-on alike. */
export const ADDON_TABLE: readonly AddonDefinition[] = ADDONS;

/** A definition's settings as a list. */
export function settingsOf(addon: AddonDefinition): AddonSetting[] {
    return Object.values(addon.settings);
}

/** The config keys an add-on reads, in the order the docs list them. */
export function configKeysOf(addon: AddonDefinition): string[] {
    return [`${addon.name}Enabled`, `${addon.name}Version`, ...settingsOf(addon).map(s => s.key), `${addon.name}Values`];
}

/** Config defaults of the add-ons: `<name>Enabled`, `<name>Version`, `<name>Values` and every setting, from the table. */
export const ADDON_CONFIG_DEFAULTS = Object.fromEntries(
    ADDON_TABLE.flatMap(a => [
        [`${a.name}Enabled`, a.enabledByDefault],
        [`${a.name}Version`, a.chart.version],
        ...settingsOf(a).map(s => [s.key, Array.isArray(s.default) ? [...s.default] : s.default]),
        [`${a.name}Values`, {}],
    ]),
) as Required<AddonConfigInput>;

/** The resolved add-on of a definition, typed as the table's entries. */
export function resolvedOf(config: AddonsConfig, addon: AddonDefinition): ResolvedAddon {
    return (config as unknown as Record<string, ResolvedAddon>)[addon.name];
}
