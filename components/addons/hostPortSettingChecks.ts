/**
 * Checks of a port that a config key moves a host-network listener to: an add-on's webhook or API, Felix's or
 * Typha's metrics. Pure; adds to `problems` and never throws.
 */
import { Problems, setCommand } from "../config/problems";
import { NODE_PORT_RANGE } from "./hostPorts";

/** Linux's default net.ipv4.ip_local_port_range, where outgoing connections take their local ports. */
export const EPHEMERAL_PORTS = { first: 32768, last: 60999 } as const;

/**
 * Refused: outside 1024–65535, or in the NodePort range (kube-proxy, or Felix under eBPF, sends traffic for such
 * a port to any Service given it, away from `listener`). Checked whether or not the listener is on, so that
 * turning it on later is not the moment it fails. Warned, when `bound` (the listener is on): in the ephemeral
 * range, where an outgoing connection of the node can hold the port when the listener restarts.
 */
export function checkHostPortSetting(key: string, port: number, listener: string, bound: boolean, problems: Problems): void {
    if (port < 1024 || port > 65535) {
        problems.add(key, `port ${port} is outside 1024–65535`, setCommand(key, "<a free port, see the host-port plan>"));
    } else if (port >= NODE_PORT_RANGE.first && port <= NODE_PORT_RANGE.last) {
        problems.add(
            key,
            `port ${port} is in the NodePort range ${NODE_PORT_RANGE.first}–${NODE_PORT_RANGE.last}: the node's Service proxy (kube-proxy, or Felix under eBPF) sends traffic for that port on every node to any Service given it, away from ${listener}`,
            setCommand(key, "<a free port below 30000, see the host-port plan>"),
        );
    } else if (bound && port >= EPHEMERAL_PORTS.first && port <= EPHEMERAL_PORTS.last) {
        problems.warn(
            key,
            `port ${port} is in Linux's ephemeral port range ${EPHEMERAL_PORTS.first}–${EPHEMERAL_PORTS.last}: an outgoing connection on the node can hold it when ${listener} restarts, and the bind then fails until it is released`,
            setCommand(key, "<a free port below 30000, see the host-port plan>"),
        );
    }
}
