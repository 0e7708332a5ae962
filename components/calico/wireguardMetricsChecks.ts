/**
 * Checks of `wireguard`, `calicoMetrics`, `felixMetricsPort` and `typhaMetricsPort`. Pure; adds to `problems`
 * and never throws. Clashes of the metrics ports with anything else on the node are the host-port plan's
 * (addons/addonChecks.ts), which names the metrics key as the one to move.
 */
import { checkHostPortSetting } from "../addons/hostPortSettingChecks";
import { Problems, setCommand } from "../config/problems";
import type { CalicoEksConfig } from "../stack/types";

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
        checkHostPortSetting(key, port, "the metrics endpoint", calico.metrics, problems);
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
