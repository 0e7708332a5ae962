/**
 * The add-ons, as data. Each says where its chart comes from, whether its pods need the host network and
 * why (the runbook measured most of this), which host ports they then bind, what IAM role it needs, and
 * its chart values with the runbook's `kubectl patch ... hostNetwork: true` already in them.
 *
 * Rule of thumb under a Calico overlay on EKS: whatever the EKS control plane must call (an admission
 * webhook, an aggregated API) must listen on a node address, because the control plane lives in the VPC
 * and cannot reach overlay pod IPs. Whatever only calls out (AWS APIs through NAT, the Kubernetes API)
 * works from the overlay.
 */
import { clusterAutoscalerPolicy, externalDnsPolicy, loadBalancerControllerPolicy } from "./policies";
import { AddonDefinition, AddonName } from "./types";

const ROLE_ARN_ANNOTATION = "eks.amazonaws.com/role-arn";
const serviceAccount = (name: string, roleArn: unknown) => ({ create: true, name, annotations: roleArn ? { [ROLE_ARN_ANNOTATION]: roleArn } : {} });

/**
 * Two host-network replicas on one node would bind the same ports: never schedule them together, and roll
 * them by replacing one at a time (a surge pod would find no node with the ports free).
 */
const ONE_AT_A_TIME = { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } };

/** Add-ons whose two replicas need two nodes (see oneReplicaPerNode). */
export const TWO_NODE_ADDONS: readonly AddonName[] = ["loadBalancerController", "metricsServer"];

const oneReplicaPerNode = (labels: Record<string, string>) => ({
    podAntiAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: labels }, topologyKey: "kubernetes.io/hostname" }],
    },
});

export const ADDONS: readonly AddonDefinition[] = [
    {
        name: "loadBalancerController",
        title: "AWS Load Balancer Controller",
        chart: { chart: "aws-load-balancer-controller", repository: "https://aws.github.io/eks-charts", version: "1.14.1" },
        releaseName: "aws-load-balancer-controller",
        namespace: "kube-system",
        enabledByDefault: true,
        hostNetwork: true,
        verdict: "needed (runbook: measured): its Service/Ingress admission webhooks are called by the control plane",
        hostPorts: c => [
            { port: c.loadBalancerController.webhookPort, protocol: "TCP", purpose: "admission webhook", configKey: "loadBalancerControllerWebhookPort" },
            { port: 8080, protocol: "TCP", purpose: "metrics" },
            { port: 61779, protocol: "TCP", purpose: "health probe" },
        ],
        irsa: { serviceAccount: "aws-load-balancer-controller", policy: () => loadBalancerControllerPolicy() },
        values: ctx => ({
            clusterName: ctx.clusterName,
            region: ctx.region,
            // Set explicitly: with an IMDS hop limit of 1 the controller could not discover it from a pod.
            vpcId: ctx.vpcId,
            hostNetwork: true,
            dnsPolicy: "ClusterFirstWithHostNet",
            webhookBindPort: ctx.config.loadBalancerController.webhookPort,
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
    },
    {
        name: "metricsServer",
        title: "metrics-server",
        chart: { chart: "metrics-server", repository: "https://kubernetes-sigs.github.io/metrics-server/", version: "3.13.0" },
        releaseName: "metrics-server",
        namespace: "kube-system",
        enabledByDefault: true,
        hostNetwork: true,
        verdict: "needed (runbook: measured; without it `kubectl top` has no data): the control plane calls its aggregated metrics.k8s.io API",
        hostPorts: c => [{ port: c.metricsServer.port, protocol: "TCP", purpose: "metrics API (secure port)", configKey: "metricsServerPort" }],
        // No DNS setting, on purpose (the chart has no dnsPolicy value): metrics-server resolves no name. It
        // reaches kubelets by node address (the chart's --kubelet-preferred-address-types starts with
        // InternalIP) and the API server by KUBERNETES_SERVICE_HOST, an IP. Its host-network pod gets
        // ClusterFirst, which the kubelet turns into the node's resolver, so it does not depend on CoreDNS.
        values: ctx => ({
            hostNetwork: { enabled: true },
            // The chart's default 10250 is the kubelet's port on every node.
            containerPort: ctx.config.metricsServer.port,
            replicas: 2,
            affinity: oneReplicaPerNode({ "app.kubernetes.io/name": "metrics-server" }),
            updateStrategy: ONE_AT_A_TIME,
        }),
    },
    {
        name: "certManager",
        title: "cert-manager",
        chart: { chart: "cert-manager", repository: "https://charts.jetstack.io", version: "v1.19.1" },
        releaseName: "cert-manager",
        namespace: "cert-manager",
        enabledByDefault: false,
        hostNetwork: true,
        verdict: "webhook needed: the control plane calls its validating/mutating webhooks; controller and cainjector stay on the overlay",
        hostPorts: c => [
            { port: c.certManager.webhookPort, protocol: "TCP", purpose: "webhook secure port", configKey: "certManagerWebhookPort" },
            { port: 6080, protocol: "TCP", purpose: "webhook health" },
            { port: 9402, protocol: "TCP", purpose: "webhook metrics" },
        ],
        values: ctx => ({
            crds: { enabled: true },
            webhook: {
                // The chart then also sets dnsPolicy ClusterFirstWithHostNet.
                hostNetwork: true,
                // The chart's default 10250 is the kubelet's port.
                securePort: ctx.config.certManager.webhookPort,
                affinity: oneReplicaPerNode({ "app.kubernetes.io/name": "webhook", "app.kubernetes.io/instance": "cert-manager" }),
            },
        }),
    },
    {
        name: "externalDns",
        title: "external-dns",
        chart: { chart: "external-dns", repository: "https://kubernetes-sigs.github.io/external-dns/", version: "1.19.0" },
        releaseName: "external-dns",
        namespace: "external-dns",
        enabledByDefault: false,
        hostNetwork: false,
        verdict: "not needed (runbook: measured, records were created from the overlay): it only calls out to Route 53",
        hostPorts: () => [],
        irsa: { serviceAccount: "external-dns", policy: ({ hostedZoneIds }) => externalDnsPolicy(hostedZoneIds) },
        values: ctx => ({
            provider: { name: "aws" },
            domainFilters: ctx.config.externalDns.domainFilters,
            policy: "upsert-only",
            txtOwnerId: ctx.clusterName,
            // The role may change only these zones: tell external-dns too, or it tries the others and is refused.
            ...(ctx.config.externalDns.hostedZoneIds.length ? { extraArgs: { "zone-id-filter": ctx.config.externalDns.hostedZoneIds } } : {}),
            env: [{ name: "AWS_DEFAULT_REGION", value: ctx.region }],
            serviceAccount: serviceAccount("external-dns", ctx.roleArn),
        }),
    },
    {
        name: "clusterAutoscaler",
        title: "cluster-autoscaler",
        chart: { chart: "cluster-autoscaler", repository: "https://kubernetes.github.io/autoscaler", version: "9.50.1" },
        releaseName: "cluster-autoscaler",
        namespace: "kube-system",
        enabledByDefault: false,
        hostNetwork: false,
        verdict: "not needed (runbook: recommended, unmeasured): nothing calls it; it reaches the AWS APIs through NAT with its IRSA role",
        hostPorts: () => [],
        irsa: { serviceAccount: "cluster-autoscaler", policy: ({ clusterName }) => clusterAutoscalerPolicy(clusterName) },
        values: ctx => ({
            cloudProvider: "aws",
            awsRegion: ctx.region,
            // EKS managed node groups tag their auto scaling groups for exactly this discovery.
            autoDiscovery: { clusterName: ctx.clusterName },
            image: { tag: `v${ctx.kubernetesVersion}.0` },
            rbac: { serviceAccount: serviceAccount("cluster-autoscaler", ctx.roleArn) },
            extraArgs: { "balance-similar-node-groups": true, "skip-nodes-with-system-pods": false },
        }),
    },
    {
        name: "ebsCsiDriver",
        title: "Amazon EBS CSI driver",
        chart: { chart: "aws-ebs-csi-driver", repository: "https://kubernetes-sigs.github.io/aws-ebs-csi-driver", version: "2.48.0" },
        releaseName: "aws-ebs-csi-driver",
        namespace: "kube-system",
        enabledByDefault: false,
        hostNetwork: false,
        verdict: "not needed (runbook: measured, volumes attached from the overlay): nothing in the control plane calls it",
        hostPorts: () => [],
        irsa: { serviceAccount: "ebs-csi-controller-sa", managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"] },
        values: ctx => ({
            controller: { region: ctx.region, serviceAccount: serviceAccount("ebs-csi-controller-sa", ctx.roleArn) },
            node: { hostNetwork: false },
        }),
    },
    {
        name: "efsCsiDriver",
        title: "Amazon EFS CSI driver",
        chart: { chart: "aws-efs-csi-driver", repository: "https://kubernetes-sigs.github.io/aws-efs-csi-driver", version: "3.2.3" },
        releaseName: "aws-efs-csi-driver",
        namespace: "kube-system",
        enabledByDefault: false,
        // Its chart always runs the node plugin on the host network (runbook: observed); nothing calls it.
        hostNetwork: true,
        verdict: "not needed for the control plane, but its node plugin is host-network by design (runbook: observed)",
        hostPorts: () => [
            { port: 9809, protocol: "TCP", purpose: "node plugin health" },
            // A TLS mount (the driver's default) runs a local tunnel per mount on a free port of this range:
            // efs-utils' lower bound, and the chart's portRangeUpperBound.
            { port: 20049, lastPort: 21049, protocol: "TCP", purpose: "TLS mount tunnels (stunnel / efs-proxy)" },
        ],
        irsa: { serviceAccount: "efs-csi-controller-sa", managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AmazonEFSCSIDriverPolicy"] },
        values: ctx => ({
            controller: { serviceAccount: serviceAccount("efs-csi-controller-sa", ctx.roleArn) },
            // The node plugin resolves mount-target names (fs-….efs.<region>.amazonaws.com), which only the
            // VPC resolver knows. On the host network the chart's ClusterFirst already falls back to the
            // node's resolver; Default says so, and keeps mounts from ever depending on CoreDNS.
            node: { dnsPolicy: "Default" },
        }),
    },
    {
        name: "nodeProblemDetector",
        title: "node-problem-detector",
        chart: { chart: "node-problem-detector", repository: "https://charts.deliveryhero.io/", version: "2.3.14" },
        releaseName: "node-problem-detector",
        namespace: "kube-system",
        enabledByDefault: false,
        hostNetwork: false,
        verdict: "not needed (runbook: recommended, unmeasured): it reads node logs through host mounts and reports to the API server",
        hostPorts: () => [],
        values: () => ({ hostNetwork: false }),
    },
];

type AddonDefaults = { [K in AddonName as `${K}Enabled`]: boolean } & { [K in AddonName as `${K}Version`]: string } & {
    loadBalancerControllerWebhookPort: number;
    metricsServerPort: number;
    certManagerWebhookPort: number;
    externalDnsDomainFilters: string[];
};

/** Config defaults of the add-ons: `<name>Enabled`, `<name>Version` (from the table), and the add-on settings. */
export const ADDON_CONFIG_DEFAULTS: AddonDefaults = {
    ...(Object.fromEntries(ADDONS.flatMap(a => [[`${a.name}Enabled`, a.enabledByDefault], [`${a.name}Version`, a.chart.version]])) as Omit<AddonDefaults, "loadBalancerControllerWebhookPort" | "metricsServerPort" | "certManagerWebhookPort" | "externalDnsDomainFilters">),
    loadBalancerControllerWebhookPort: 9443,
    metricsServerPort: 4443,
    certManagerWebhookPort: 10260,
    externalDnsDomainFilters: [],
};
