/**
 * Checks of `wireguard`, `calicoMetrics`, `felixMetricsPort` and `typhaMetricsPort`. Pure; adds to `problems`
 * and never throws. Clashes of the metrics ports with anything else on the node are the host-port plan's
 * (addons/addonChecks.ts), which names the metrics key as the one to move.
 */
import { NODE_PORT_RANGE } from "../addons/hostPorts";
import { Problems, setCommand } from "../config/problems";
import type { CalicoEksConfig } from "../stack/types";

/** Linux's default net.ipv4.ip_local_port_range (as for the add-ons' ports). */
const EPHEMERAL_PORTS = { first: 32768, last: 60999 } as const;

export function validateWireguardAndMetrics(config: CalicoEksConfig, problems: Problems): void {
    validateMetricsPorts(config, problems);
    validateWireguard(config, problems);
}

function validateMetricsPorts(config: CalicoEksConfig, problems: Problems): void {
    const { calico } = config;
    // Checked while calicoMetrics is off too: turning the metrics on later must not be the moment they fail.
    const ports: [string, number][] = [
        ["felixMetricsPort", calico.felixMetricsPort],
        ["typhaMetricsPort", calico.typhaMetricsPort],
    ];
    for (const [key, port] of ports) {
        if (port < 1024 || port > 65535) {
            problems.add(key, `port ${port} is outside 1024–65535`, setCommand(key, "<a free port, see the host-port plan>"));
        } else if (port >= NODE_PORT_RANGE.first && port <= NODE_PORT_RANGE.last) {
            problems.add(
                key,
                `port ${port} is in the NodePort range ${NODE_PORT_RANGE.first}–${NODE_PORT_RANGE.last}: kube-proxy sends traffic for that port on every node to any Service given it, away from the metrics endpoint`,
                setCommand(key, "<a free port below 30000, see the host-port plan>"),
            );
        } else if (calico.metrics && port >= EPHEMERAL_PORTS.first && port <= EPHEMERAL_PORTS.last) {
            problems.warn(
                key,
                `port ${port} is in Linux's ephemeral port range ${EPHEMERAL_PORTS.first}–${EPHEMERAL_PORTS.last}: an outgoing connection on the node can hold it when calico-node or Typha restarts, and the metrics server then fails to bind until it is released`,
                setCommand(key, "<a free port below 30000, see the host-port plan>"),
            );
        }
    }
}

function validateWireguard(config: CalicoEksConfig, problems: Problems): void {
    if (!config.calico.wireguard) {
        return;
    }
    // Every EKS-optimized AL2023 AMI runs a kernel with WireGuard built in (6.1 and later; in-tree since 5.6). A
    // pinned AMI's kernel cannot be read before `up`. Calico's behaviour on a node without it: Felix reports
    // WireGuard unsupported and publishes no key for the node, and traffic to and from that node's pods crosses
    // the VPC unencrypted, with no error anywhere a deployment would see.
    config.nodeGroups.forEach((group, i) => {
        if (group.amiId) {
            problems.warn(
                `nodeGroups[${i}].amiId`,
                `wireguard is on and ${group.amiId} is pinned: its kernel must have the wireguard module (Linux ≥ 5.6, as every EKS AL2023 AMI has), or pod traffic of these nodes is sent unencrypted (Felix only logs it)`,
                `check a node with \`modinfo wireguard\`, then \`kubectl get node <node> -o jsonpath='{.metadata.annotations.projectcalico\\.org/WireguardPublicKey}'\` after up (empty: not encrypted); or ${setCommand(`nodeGroups[${i}].amiId`, '""')} for the current AL2023 AMI`,
            );
        }
    });
}
