/** Checks of the add-on settings and of the host-port plan. Pure; adds to `problems` and never throws. */
import { Problems, setCommand } from "../config/problems";
import type { CalicoEksConfig } from "../stack/types";
import { hostPortPlan, portLabel } from "./hostPorts";
import { checkHostPortSetting } from "./hostPortSettingChecks";
import { ADDON_TABLE, resolvedOf } from "./definitions";
import { checkUserValues } from "./userValues";
import { systemHostPorts } from "../calico/calicoHostPorts";
import { AddonDefinition } from "./types";

/** A chart version as published: x.y.z, an optional pre-release, and the project's own "v" habit. */
const CHART_VERSION = /^(v?)(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?$/;

export function validateAddons(config: CalicoEksConfig, problems: Problems): void {
    const { addons } = config;
    for (const addon of ADDON_TABLE) {
        const resolved = resolvedOf(addons, addon) as unknown as Record<string, number> & { enabled: boolean };
        for (const [field, setting] of Object.entries(addon.settings)) {
            if (setting.kind === "port") {
                checkHostPortSetting(setting.key, resolved[field], "the add-on", resolved.enabled, problems);
            }
        }
    }
    for (const addon of ADDON_TABLE) {
        const { enabled, version } = resolvedOf(addons, addon);
        if (enabled && !version) {
            problems.add(`${addon.name}Version`, `${addon.title} is enabled with no chart version`, setCommand(`${addon.name}Version`, addon.chart.version));
        } else if (version) {
            checkChartVersion(addon, version, problems);
        }
    }
    const startingNodes = config.nodeGroups.reduce((sum, g) => sum + g.desiredSize, 0);
    const spread = ADDON_TABLE.filter(a => a.replicasOnDistinctNodes && resolvedOf(addons, a).enabled);
    const needed = Math.max(0, ...spread.map(a => a.replicasOnDistinctNodes!));
    if (spread.length > 0 && config.nodeGroups.length > 0 && startingNodes < needed) {
        problems.add(
            "nodeGroups[0].desiredSize",
            `${spread.map(a => a.title).join(" and ")} run ${needed === 2 ? "two" : needed} replicas that can never share a node (same host ports), but the node groups start with ${startingNodes} node${startingNodes === 1 ? "" : "s"}`,
            `${setCommand("nodeGroups[0].desiredSize", String(needed))} (and maxSize ≥ ${needed}), or disable those add-ons`,
        );
    }
    if (addons.loadBalancerController.enabled && config.network.existingVpcId) {
        // A new VPC's subnets are tagged by the program; an existing VPC's keep whatever tags they have, and
        // without them every LoadBalancer Service and Ingress fails with "unable to resolve at least one subnet".
        const ids = [...config.network.existingPrivateSubnetIds, ...config.network.existingPublicSubnetIds].join(" ");
        problems.warn(
            "existingPrivateSubnetIds",
            "the AWS Load Balancer Controller picks subnets by their tags, kubernetes.io/role/internal-elb=1 (private) and kubernetes.io/role/elb=1 (public); this program does not tag an existing VPC's subnets, and without the tags no load balancer can be created",
            `check them with: aws ec2 describe-subnets --subnet-ids ${ids} --query 'Subnets[].[SubnetId,Tags]'`,
        );
    }
    for (const addon of ADDON_TABLE) {
        const resolved = resolvedOf(addons, addon);
        // Settings and values are checked while the add-on is still off too: turning it on must not be the
        // moment they fail.
        for (const [field, s] of Object.entries(addon.settings)) {
            if (s.kind === "stringList") {
                s.check?.((resolved as unknown as Record<string, string[]>)[field], problems);
            }
        }
        addon.check?.(resolved, problems);
        checkUserValues(addon, resolved, config.controlPlane.kubernetesVersion, problems);
    }
    for (const clash of hostPortPlan(addons, systemHostPorts(config.calico)).clashes) {
        const who = clash.owners.map(o => `${o.owner} (${o.purpose}${o.lastPort !== undefined ? `, ${portLabel(o)}` : ""})`).join(" and ");
        const [key, ...others] = clash.configKeys;
        problems.add(
            key,
            `host port ${clash.protocol}/${clash.port} is bound by both ${who} on the same node`,
            (key.endsWith("Enabled") ? setCommand(key, "false") : setCommand(key, "<a free port: npm run plan lists the taken ones>")) + others.map(k => ` (or change ${k})`).join(""),
        );
    }
}

/**
 * The values are written (and tested) for the pinned chart: another patch or minor release of the same
 * major keeps its values contract, another major may rename the keys that put the add-on on the host
 * network. Versions are looked up as written (an OCI tag or a directory must match exactly), so the "v"
 * follows the project's own tags.
 */
function checkChartVersion(addon: AddonDefinition, version: string, problems: Problems): void {
    const key = `${addon.name}Version`;
    const pinned = CHART_VERSION.exec(addon.chart.version)!;
    const given = CHART_VERSION.exec(version);
    if (!given) {
        problems.add(key, `"${version}" is not a chart version: give one exact release (x.y.z), not a range, a tag name or a minor version`, setCommand(key, addon.chart.version));
    } else if (given[2] !== pinned[2]) {
        problems.add(
            key,
            `${addon.title} chart ${version} is another major release than the ${pinned[2]}.x this program's values are written and tested for (an application version is not a chart version)`,
            setCommand(key, addon.chart.version),
        );
    } else if (given[1] !== pinned[1]) {
        const fixed = `${pinned[1]}${version.replace(/^v/, "")}`;
        problems.add(
            key,
            `${addon.title} chart versions are written ${pinned[1] ? "with" : "without"} a leading "v" (${addon.chart.version}): "${version}" is not found in an OCI registry or a chart directory`,
            setCommand(key, fixed),
        );
    }
}
