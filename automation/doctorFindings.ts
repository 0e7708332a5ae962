/**
 * What `doctor` concludes from a running cluster's objects. Pure: the objects come in as the API server
 * returns them (JSON), the report goes out as data and text.
 *
 * The EKS control plane lives in the VPC and cannot reach Calico overlay pod addresses. Everything it calls
 * through a Service — admission webhooks, aggregated APIs, CRD conversion webhooks — must therefore have its
 * endpoints on node addresses (host network). The most common breakage of an overlay cluster is a chart
 * installed later whose webhook runs on overlay pods: the API server then times out on every matching request.
 */
import { ALWAYS_ON_THE_HOST } from "../components/addons/hostPorts";
import { KubeObject } from "../components/cluster/kubeClient";
import { Cidr, cidrProblem, formatCidr, overlaps, parseCidr } from "../components/net/cidr";

/** A Service reference in a webhook's or an APIService's client config. */
interface ServiceReference {
    readonly namespace: string;
    readonly name?: string;
    readonly port?: number;
}
/** How the API server reaches a webhook: a Service in the cluster, or a URL (outside it: not a caller). */
interface ClientConfig {
    readonly service?: ServiceReference | null;
    readonly url?: string;
}
export interface Webhook {
    readonly name: string;
    readonly clientConfig?: ClientConfig;
}
export interface ContainerPort {
    readonly containerPort?: number;
    readonly hostPort?: number;
    readonly protocol?: string;
}

// The objects doctor reads, as far as it reads them (parsed JSON: what the API does not guarantee is optional).
export type WebhookConfiguration = KubeObject & { readonly webhooks?: Webhook[] };
/** A local APIService (served by the API server itself) has no service. */
export type ApiService = KubeObject & { readonly spec: { readonly group: string; readonly version: string; readonly service?: ServiceReference | null } };
export type CustomResourceDefinition = KubeObject & { readonly spec?: { readonly conversion?: { readonly strategy?: string; readonly webhook?: { readonly clientConfig?: ClientConfig } } } };
export interface EndpointSlice {
    readonly metadata?: { readonly namespace?: string; readonly labels?: Record<string, string> };
    readonly addressType?: string;
    readonly endpoints?: { readonly addresses?: string[] }[];
}
export type Pod = KubeObject & {
    readonly spec?: { readonly hostNetwork?: boolean; readonly initContainers?: { readonly ports?: ContainerPort[] }[]; readonly containers?: { readonly ports?: ContainerPort[] }[] };
};
export interface IpPool {
    readonly spec?: { readonly cidr?: unknown };
}

/** Who the control plane calls through a Service. */
export interface ControlPlaneCaller {
    /** "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "APIService" or "CustomResourceDefinition". */
    readonly kind: string;
    /** The object's name. */
    readonly name: string;
    /** The webhook's name inside a webhook configuration; the purpose otherwise. */
    readonly detail: string;
    /** The Service it calls. */
    readonly service: { readonly namespace: string; readonly name: string; readonly port: number };
}

/** A Service's endpoints, as its EndpointSlices list them. */
export interface ServiceEndpoints {
    readonly addresses: string[];
}

export interface DoctorFinding {
    /** "unreachable": endpoints in a pod pool; "unknown": no endpoints to judge by. */
    readonly level: "unreachable" | "unknown";
    readonly caller: ControlPlaneCaller;
    readonly addresses: string[];
    readonly message: string;
    readonly fix: string;
}

export interface TakenHostPort {
    readonly port: number;
    readonly protocol: string;
    /** Who binds it: a node daemon, or `<namespace>/<workload>` of a host-network pod. */
    readonly owners: string[];
}

export interface DoctorReport {
    /** The pod pools the endpoints were checked against. */
    readonly pools: string[];
    /** Every caller found, whether healthy or not, for the report's completeness. */
    readonly callers: ControlPlaneCaller[];
    readonly findings: DoctorFinding[];
    readonly hostPorts: TakenHostPort[];
}

const serviceOf = (clientConfig: ClientConfig | undefined, defaultPort: number) =>
    clientConfig?.service?.name ? { namespace: clientConfig.service.namespace, name: clientConfig.service.name, port: clientConfig.service.port ?? defaultPort } : undefined;

/**
 * The callers among webhook configurations, APIServices and CRDs (each a list's `items`). Webhooks with a
 * `url`, local APIServices and CRDs without webhook conversion call nothing in the cluster.
 */
export function controlPlaneCallers(objects: {
    validating: WebhookConfiguration[];
    mutating: WebhookConfiguration[];
    apiServices: ApiService[];
    crds: CustomResourceDefinition[];
}): ControlPlaneCaller[] {
    const callers: ControlPlaneCaller[] = [];
    const webhooks = (kind: string, items: WebhookConfiguration[]) => {
        for (const item of items) {
            for (const webhook of item.webhooks ?? []) {
                const service = serviceOf(webhook.clientConfig, 443);
                if (service) {
                    callers.push({ kind, name: item.metadata.name, detail: `webhook ${webhook.name}`, service });
                }
            }
        }
    };
    webhooks("ValidatingWebhookConfiguration", objects.validating);
    webhooks("MutatingWebhookConfiguration", objects.mutating);
    for (const item of objects.apiServices) {
        const service = serviceOf(item.spec, 443);
        if (service) {
            callers.push({ kind: "APIService", name: item.metadata.name, detail: `aggregated API ${item.spec.group}/${item.spec.version}`, service });
        }
    }
    for (const item of objects.crds) {
        const conversion = item.spec?.conversion;
        const service = conversion?.strategy === "Webhook" ? serviceOf(conversion.webhook?.clientConfig, 443) : undefined;
        if (service) {
            callers.push({ kind: "CustomResourceDefinition", name: item.metadata.name, detail: "conversion webhook", service });
        }
    }
    return callers;
}

/** Endpoint addresses by `<namespace>/<service>`, from EndpointSlices (ready or not: a pod's address is what counts). */
export function endpointsByService(slices: EndpointSlice[]): Map<string, ServiceEndpoints> {
    const byService = new Map<string, ServiceEndpoints>();
    for (const slice of slices) {
        const service = slice.metadata?.labels?.["kubernetes.io/service-name"];
        if (!service || slice.addressType !== "IPv4") {
            continue;
        }
        const key = `${slice.metadata.namespace}/${service}`;
        const addresses = (slice.endpoints ?? []).flatMap(e => e.addresses ?? []);
        byService.set(key, { addresses: [...(byService.get(key)?.addresses ?? []), ...addresses] });
    }
    return byService;
}

/** Ports bound on nodes: the node daemons every overlay node runs, and every host-network or hostPort container. */
export function takenHostPorts(pods: Pod[]): TakenHostPort[] {
    const owners = new Map<string, { port: number; protocol: string; owners: Set<string> }>();
    const take = (port: number, protocol: string, owner: string) => {
        const key = `${protocol}/${port}`;
        const entry = owners.get(key) ?? { port, protocol, owners: new Set<string>() };
        entry.owners.add(owner);
        owners.set(key, entry);
    };
    for (const daemon of ALWAYS_ON_THE_HOST) {
        take(daemon.port, daemon.protocol, daemon.owner);
    }
    for (const pod of pods) {
        const owner = `${pod.metadata.namespace}/${workloadName(pod)}`;
        for (const container of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
            for (const port of container.ports ?? []) {
                const bound = pod.spec?.hostNetwork ? (port.hostPort ?? port.containerPort) : port.hostPort;
                if (bound) {
                    take(bound, port.protocol ?? "TCP", owner);
                }
            }
        }
    }
    return [...owners.values()].map(e => ({ port: e.port, protocol: e.protocol, owners: [...e.owners].sort() })).sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
}

/** The Deployment/DaemonSet/StatefulSet a pod belongs to, as far as its name tells; the pod's name otherwise. */
function workloadName(pod: Pod): string {
    const owner = pod.metadata?.ownerReferences?.[0];
    if (owner?.kind === "ReplicaSet" && pod.metadata.labels?.["pod-template-hash"]) {
        return owner.name.slice(0, owner.name.length - pod.metadata.labels["pod-template-hash"].length - 1);
    }
    return owner?.name ?? pod.metadata.name;
}

/** The lowest TCP port from 10260 up that nothing binds: a suggestion for moving a webhook onto the host. */
export function freeHostPort(taken: TakenHostPort[]): number {
    const used = new Set(taken.filter(t => t.protocol === "TCP").map(t => t.port));
    let port = 10260;
    while (used.has(port)) {
        port++;
    }
    return port;
}

export function diagnose(inputs: { callers: ControlPlaneCaller[]; endpoints: Map<string, ServiceEndpoints>; pools: string[]; hostPorts: TakenHostPort[] }): DoctorReport {
    const pools = [...new Set(inputs.pools)].filter(p => !cidrProblem(p));
    const parsed: Cidr[] = pools.map(parseCidr);
    const inPool = (address: string) => !cidrProblem(`${address}/32`) && parsed.some(pool => overlaps(pool, parseCidr(`${address}/32`)));
    const port = freeHostPort(inputs.hostPorts);
    const findings: DoctorFinding[] = [];
    for (const caller of inputs.callers) {
        const service = `${caller.service.namespace}/${caller.service.name}`;
        const addresses = inputs.endpoints.get(service)?.addresses ?? [];
        const what = `${caller.kind} ${caller.name} (${caller.detail}) calls Service ${service}:${caller.service.port}`;
        if (addresses.length === 0) {
            findings.push({
                level: "unknown",
                caller,
                addresses,
                message: `${what}, which has no endpoints: the control plane's calls fail now, and once pods exist they must not be overlay pods`,
                fix: `check that the workload behind ${service} runs, on the host network (hostNetwork: true)`,
            });
            continue;
        }
        const overlay = addresses.filter(inPool);
        if (overlay.length > 0) {
            findings.push({
                level: "unreachable",
                caller,
                addresses: overlay,
                message: `${what}, whose endpoints ${overlay.join(", ")} are Calico overlay addresses the EKS control plane cannot reach`,
                fix:
                    `run the pods behind ${service} with hostNetwork: true (and dnsPolicy: ClusterFirstWithHostNet) on a host port nothing else binds ` +
                    `(e.g. ${port}; see the taken ports below), serving on it and with the Service's targetPort set to it; ` +
                    `most charts offer hostNetwork and a webhook/secure port value`,
            });
        }
    }
    return { pools, callers: inputs.callers, findings, hostPorts: inputs.hostPorts };
}

export function formatDoctorReport(report: DoctorReport): string {
    const unreachable = report.findings.filter(f => f.level === "unreachable");
    const unknown = report.findings.filter(f => f.level === "unknown");
    const lines = [
        `Pod pools (overlay, unreachable from the EKS control plane): ${report.pools.join(", ") || "none found"}`,
        `Control-plane callers checked: ${report.callers.length} (webhooks, APIServices, CRD conversion webhooks)`,
        "",
        unreachable.length ? `UNREACHABLE FROM THE CONTROL PLANE: ${unreachable.length}` : "No caller has overlay endpoints.",
        ...unreachable.flatMap(f => [`- ${f.message}.`, `  Fix: ${f.fix}.`]),
        ...(unknown.length ? ["", `Without endpoints (cannot tell): ${unknown.length}`, ...unknown.flatMap(f => [`- ${f.message}.`, `  Fix: ${f.fix}.`])] : []),
        "",
        "Host ports taken on the nodes:",
        ...report.hostPorts.map(p => `  ${`${p.protocol}/${p.port}`.padEnd(10)} ${p.owners.join(", ")}`),
        "",
    ];
    return lines.join("\n");
}

/** The pools' CIDRs as Calico's IPPool objects list them (IPv4 only). */
export function poolCidrs(ipPools: IpPool[]): string[] {
    return ipPools
        .map(p => p.spec?.cidr)
        .filter((c: unknown): c is string => typeof c === "string" && !cidrProblem(c))
        .map(c => formatCidr(parseCidr(c)));
}
