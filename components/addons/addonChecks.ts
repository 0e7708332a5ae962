/** Checks of the add-on settings and of the host-port plan. Pure; adds to `problems` and never throws. */
import { Problems, setCommand } from "../config/problems";
import { CalicoEksConfig } from "../config/types";
import { hostPortPlan } from "./hostPorts";
import { ADDONS, TWO_NODE_ADDONS } from "./definitions";

export function validateAddons(config: CalicoEksConfig, problems: Problems): void {
    const { addons } = config;
    const ports: [string, number][] = [
        ["loadBalancerControllerWebhookPort", addons.loadBalancerController.webhookPort],
        ["metricsServerPort", addons.metricsServer.port],
        ["certManagerWebhookPort", addons.certManager.webhookPort],
    ];
    for (const [key, port] of ports) {
        if (port < 1024 || port > 65535) {
            problems.add(key, `port ${port} is outside 1024–65535`, setCommand(key, "<a free port, see the host-port plan>"));
        }
    }
    for (const addon of ADDONS) {
        if (addons[addon.name].enabled && !addons[addon.name].version) {
            problems.add(`${addon.name}Version`, `${addon.title} is enabled with no chart version`, setCommand(`${addon.name}Version`, addon.chart.version));
        }
    }
    const startingNodes = config.nodeGroups.reduce((sum, g) => sum + g.desiredSize, 0);
    const twoNode = TWO_NODE_ADDONS.filter(name => addons[name].enabled).map(name => ADDONS.find(a => a.name === name)!.title);
    if (twoNode.length > 0 && config.nodeGroups.length > 0 && startingNodes < 2) {
        problems.add(
            "nodeGroups[0].desiredSize",
            `${twoNode.join(" and ")} run two replicas that can never share a node (same host ports), but the node groups start with ${startingNodes} node`,
            `${setCommand("nodeGroups[0].desiredSize", "2")} (and maxSize ≥ 2), or disable those add-ons`,
        );
    }
    if (addons.externalDns.enabled && addons.externalDns.domainFilters.length === 0) {
        problems.add("externalDnsDomainFilters", "external-dns would manage records in every hosted zone it can see", `${setCommand("externalDnsDomainFilters[0]", "example.com")}: list the domains it may manage`);
    }
    for (const clash of hostPortPlan(addons).clashes) {
        const who = clash.owners.map(o => `${o.owner} (${o.purpose})`).join(" and ");
        const [key, ...others] = clash.configKeys;
        problems.add(
            key,
            `host port ${clash.protocol}/${clash.port} is bound by both ${who} on the same node`,
            (key.endsWith("Enabled") ? setCommand(key, "false") : setCommand(key, "<a free port: npm run plan lists the taken ones>")) + others.map(k => ` (or change ${k})`).join(""),
        );
    }
}
