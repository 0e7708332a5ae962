/**
 * Host-port plan: every port bound on a node's own network namespace, by whom. Pure.
 *
 * Host-network pods share the node's ports with the kubelet, kube-proxy and Calico; two owners of one port
 * means one of them crash-loops on every node. The plan collects what is always there plus what the
 * enabled add-ons bind, and reports each clash with both owners and the config key that moves one of them.
 */
import { ADDON_TABLE, AddonName, AddonsConfig, resolvedOf } from "./definitions";
import { AddonDefinition, HostPort, ResolvedAddon } from "./types";

/**
 * Kubernetes' default NodePort range. kube-proxy redirects node traffic for a NodePort Service's port to
 * that Service, so a host-network listener on such a port is unreachable whenever a Service takes it.
 */
export const NODE_PORT_RANGE = { first: 30000, last: 32767 } as const;

export interface PortOwner extends HostPort {
    /** Who binds it: "kubelet", "calico-typha", an add-on's title. */
    readonly owner: string;
    /** The add-on, when an add-on binds it. */
    readonly addon?: AddonName;
}

export interface PortClash {
    readonly port: number;
    readonly protocol: "TCP" | "UDP";
    readonly owners: PortOwner[];
    /** Config keys that resolve it: those that move one of the ports, else the toggle of the add-on involved. */
    readonly configKeys: string[];
}

/** What binds host ports on every EKS node of an overlay cluster, whatever the add-ons. */
export const ALWAYS_ON_THE_HOST: readonly PortOwner[] = [
    { owner: "kubelet", port: 10250, protocol: "TCP", purpose: "kubelet API (logs, exec, metrics)" },
    { owner: "kubelet", port: 10248, protocol: "TCP", purpose: "kubelet health (localhost)" },
    { owner: "kube-proxy", port: 10249, protocol: "TCP", purpose: "metrics" },
    { owner: "kube-proxy", port: 10256, protocol: "TCP", purpose: "health" },
    { owner: "calico-node", port: 9099, protocol: "TCP", purpose: "Felix health (localhost)" },
    { owner: "calico-node", port: 4789, protocol: "UDP", purpose: "VXLAN" },
    { owner: "calico-typha", port: 5473, protocol: "TCP", purpose: "Typha (Felix connections)" },
    { owner: "calico-typha", port: 9098, protocol: "TCP", purpose: "Typha health" },
    // On EKS with Calico CNI the operator runs the Calico API server on the host network, for the same
    // reason as our add-ons: it serves an aggregated API.
    { owner: "calico-apiserver", port: 5443, protocol: "TCP", purpose: "projectcalico.org aggregated API" },
];

/** Host-network pods that bind no port: listed in the plan so nobody wonders about them. */
export const ON_THE_HOST_WITHOUT_PORTS: readonly string[] = [
    // It must start before any CNI exists, so it runs on the host network; its metrics endpoint is off by default.
    "tigera-operator",
];

export interface HostPortPlan {
    readonly owners: PortOwner[];
    readonly clashes: PortClash[];
}

/**
 * @param system what binds ports whatever the add-ons: ALWAYS_ON_THE_HOST, or the list the Calico
 *   settings give (see calico/calicoHostPorts.ts).
 */
export function hostPortPlan(config: AddonsConfig, system: readonly PortOwner[] = ALWAYS_ON_THE_HOST): HostPortPlan {
    const owners: PortOwner[] = [
        ...system,
        ...ADDON_TABLE.filter(a => resolvedOf(config, a).enabled && a.hostNetwork).flatMap(a =>
            addonHostPorts(a, resolvedOf(config, a)).map(p => ({ ...p, owner: a.title, addon: a.name as AddonName })),
        ),
    ];
    // A range (the EFS tunnels) clashes with every single port inside it, so compare intervals pairwise; a
    // clash is reported at the first port both owners bind, with everyone who binds that port.
    const byPort = new Map<string, PortOwner[]>();
    for (const [i, a] of owners.entries()) {
        for (const b of owners.slice(i + 1)) {
            const first = Math.max(a.port, b.port);
            if (a.protocol === b.protocol && first <= Math.min(lastPortOf(a), lastPortOf(b))) {
                const key = `${a.protocol}/${first}`;
                const list = byPort.get(key) ?? [];
                // What cannot move is named first: "bound by both kubelet and metrics-server".
                byPort.set(
                    key,
                    [...list, ...[a, b].filter(o => !list.includes(o))].sort((x, y) => Number(!!x.configKey) - Number(!!y.configKey)),
                );
            }
        }
    }
    const clashes = [...byPort.entries()].map(([key, list]) => ({
        port: Number(key.split("/")[1]),
        protocol: list[0].protocol,
        owners: list,
        configKeys: list.some(o => o.configKey) ? list.flatMap(o => (o.configKey ? [o.configKey] : [])) : list.filter(o => o.addon).map(o => `${o.addon}Enabled`),
    }));
    return { owners: owners.sort((a, b) => a.port - b.port), clashes };
}

/** The host ports an add-on binds: its port settings at their configured values, then its fixed ports. */
export function addonHostPorts(addon: AddonDefinition, resolved: ResolvedAddon): HostPort[] {
    const settings = resolved as unknown as Record<string, number>;
    return [
        ...Object.entries(addon.settings).flatMap(([field, s]) => (s.kind === "port" ? [{ port: settings[field], protocol: "TCP" as const, purpose: s.purpose, configKey: s.key }] : [])),
        ...addon.fixedHostPorts,
    ];
}

export function lastPortOf(owner: HostPort): number {
    return owner.lastPort ?? owner.port;
}

/** "TCP/4443", or "TCP/20049–21049" for a range: how the plan and the messages name a port. */
export function portLabel(owner: HostPort): string {
    return `${owner.protocol}/${owner.port}${owner.lastPort !== undefined ? `–${owner.lastPort}` : ""}`;
}
