/**
 * Felix's dataplane (`dataplane`): what the tigera-operator chart needs for Calico's eBPF dataplane, and what
 * it changes on the nodes. Pure.
 *
 * In eBPF mode Felix replaces kube-proxy, so nothing translates the `kubernetes` Service's cluster IP until
 * calico-node runs, and calico-node (and the operator before it) must reach the API server some other way:
 *
 * - **The API server's own address.** The chart renders the `kubernetes-services-endpoint` ConfigMap from
 *   `kubernetesServiceEndpoint` (host, port); the operator reads it as environment and hands it to every
 *   Calico component. The host is the EKS endpoint's name (its addresses change when EKS replaces its
 *   ENIs), port 443.
 * - **A resolver for that name.** The operator runs on the host network with the chart's
 *   `dnsPolicy: ClusterFirstWithHostNet`, i.e. through CoreDNS's Service IP, which only Felix makes
 *   reachable now (and which this program creates only after the first node group). So the operator gets
 *   the VPC resolver, as the chart allows at each release (see operatorDnsValues).
 */
import { PortOwner } from "../addons/hostPorts";
import { CalicoConfig, Dataplane } from "../config/types";
import { compareCalicoVersions, parseCalicoVersion } from "./calicoVersions";

/**
 * The Amazon-provided resolver at its link-local address. The VPC's "base + 2" address answers the same,
 * but depends on the VPC's primary CIDR, which an existing VPC does not tell before the first `up`; this
 * one is the same in every VPC and is reached from the host network of any instance (the operator's
 * network). Both stop answering only when the VPC's `enableDnsSupport` is off, which EKS does not support.
 * Unlike the node's DHCP-given servers (a custom DHCP option set may name on-premises resolvers), it also
 * resolves the private endpoint's name through the zone EKS associates with the VPC.
 */
export const VPC_RESOLVER = "169.254.169.253";

/** The first tigera-operator chart whose `dnsPolicy` value replaces the hard-coded ClusterFirstWithHostNet. */
export const OPERATOR_DNS_POLICY_SINCE = "v3.32.0";

/** Port of the EKS API endpoint (the endpoint URL names none). */
export const EKS_API_PORT = 443;

/** Host and port of an API server URL: `https://ABC.gr7.us-west-2.eks.amazonaws.com` → that name, 443. */
export function apiServerEndpoint(url: string): { host: string; port: number } {
    // Not `new URL`: it lower-cases the host, and the endpoint is kept as EKS spells it.
    const match = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(\[[^\]]+\]|[^/:?#[\]@]+)(?::(\d+))?(?:[/?#]|$)/i.exec(url.trim());
    if (!match) {
        throw new Error(`not an API server URL: ${JSON.stringify(url)}`);
    }
    // KUBERNETES_SERVICE_HOST takes an IPv6 literal without its brackets.
    return { host: match[1].replace(/^\[(.*)\]$/, "$1"), port: match[2] ? Number(match[2]) : EKS_API_PORT };
}

/** Whether the release's tigera-operator chart takes a `dnsPolicy` value (v3.32 and later). */
export function chartHasOperatorDnsPolicy(version: string): boolean {
    const parsed = parseCalicoVersion(version);
    return parsed !== undefined && compareCalicoVersions(parsed, parseCalicoVersion(OPERATOR_DNS_POLICY_SINCE)!) >= 0;
}

export interface OperatorDnsValues {
    dnsPolicy?: "None";
    dnsConfig: { nameservers: string[]; options?: { name: string; value: string }[] };
}

/**
 * How the operator's pod resolves names under eBPF, per chart release:
 *
 * - v3.32+: `dnsPolicy: None` with the VPC resolver as its only server: no lookup waits for cluster DNS.
 * - v3.31.x: the chart fixes `dnsPolicy: ClusterFirstWithHostNet` and offers only `dnsConfig`, whose
 *   servers the kubelet appends after CoreDNS's Service IP. Until Felix runs on the node that IP does not
 *   answer, so every lookup waits for the first server's timeout before asking the VPC resolver: the
 *   timeout is cut to one second (resolv.conf `options timeout:1`) so that wait stays short.
 */
export function operatorDnsValues(version: string): OperatorDnsValues {
    return chartHasOperatorDnsPolicy(version)
        ? { dnsPolicy: "None", dnsConfig: { nameservers: [VPC_RESOLVER] } }
        : { dnsConfig: { nameservers: [VPC_RESOLVER], options: [{ name: "timeout", value: "1" }] } };
}

/** The values the dataplane adds to the tigera-operator release, beside installationValues. */
export interface DataplaneValues {
    installation?: { calicoNetwork: { linuxDataplane: "BPF" } };
    kubernetesServiceEndpoint?: { host: string; port: string };
    dnsPolicy?: "None";
    dnsConfig?: OperatorDnsValues["dnsConfig"];
}

/**
 * The chart values for a dataplane. Iptables adds nothing: the Installation keeps the operator's default
 * (Iptables), so stacks from before this setting see no change. `apiServerUrl` is the cluster's endpoint.
 */
export function dataplaneValues(dataplane: Dataplane, version: string, apiServerUrl: string): DataplaneValues {
    if (dataplane !== "BPF") {
        return {};
    }
    const endpoint = apiServerEndpoint(apiServerUrl);
    return {
        installation: { calicoNetwork: { linuxDataplane: "BPF" } },
        // A string: the chart quotes it into the ConfigMap, whose values are strings.
        kubernetesServiceEndpoint: { host: endpoint.host, port: String(endpoint.port) },
        ...operatorDnsValues(version),
    };
}

/** Merges the dataplane's values into the release's: the Installation's calicoNetwork gains linuxDataplane. */
export function withDataplaneValues<T extends { installation: { calicoNetwork: object } }>(values: T, extra: DataplaneValues): T {
    const { installation, ...rest } = extra;
    return {
        ...values,
        ...rest,
        installation: installation ? { ...values.installation, calicoNetwork: { ...values.installation.calicoNetwork, ...installation.calicoNetwork } } : values.installation,
    };
}

/** What Felix binds in eBPF mode in kube-proxy's place: its embedded kube-proxy health server. */
export const FELIX_KUBE_PROXY_HEALTH: PortOwner = {
    owner: "calico-node",
    port: 10256,
    protocol: "TCP",
    // FelixConfiguration bpfKubeProxyHealthzPort, default 10256: the port load balancers' health checks
    // expect of kube-proxy, so it takes kube-proxy's.
    purpose: "kube-proxy health, served by Felix in eBPF mode (bpfKubeProxyHealthzPort)",
};

/**
 * The host-port plan's system owners for a dataplane: under eBPF there is no kube-proxy (its metrics and
 * health ports go) and Felix serves the kube-proxy health port itself.
 */
export function dataplaneHostPorts(owners: readonly PortOwner[], dataplane: Dataplane): PortOwner[] {
    if (dataplane !== "BPF") {
        return [...owners];
    }
    return [...owners.filter(o => o.owner !== "kube-proxy"), FELIX_KUBE_PROXY_HEALTH];
}

/** Whether the cluster runs the kube-proxy managed add-on: not under eBPF, which replaces it. */
export function runsKubeProxy(dataplane: Dataplane): boolean {
    return dataplane !== "BPF";
}

/** The plan's "Dataplane" section: what the setting builds and what it binds. */
export function dataplanePlan(calico: CalicoConfig): string[] {
    if (calico.dataplane !== "BPF") {
        return ["Iptables: Felix programs iptables; kube-proxy (EKS managed add-on) handles Services (host ports TCP/10249 metrics, TCP/10256 health)"];
    }
    const dns = operatorDnsValues(calico.version);
    return [
        "BPF: Felix's eBPF programs handle policy and Services; no kube-proxy add-on (created neither at creation nor kept on a running cluster)",
        `Calico reaches the API server at the cluster endpoint's name, port ${EKS_API_PORT} (ConfigMap tigera-operator/kubernetes-services-endpoint)`,
        `tigera-operator resolves names through the VPC resolver ${VPC_RESOLVER} (${dns.dnsPolicy ? `dnsPolicy ${dns.dnsPolicy}` : "after cluster DNS, 1 s timeout: the chart's dnsPolicy is fixed before v3.32"})`,
        `host ports: kube-proxy's TCP/10249 and TCP/10256 are free of kube-proxy; Felix serves kube-proxy health on TCP/${FELIX_KUBE_PROXY_HEALTH.port}`,
    ];
}
