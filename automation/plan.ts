/**
 * What a stack would build, computed from its config alone (no cloud, no Pulumi CLI): the resolved config
 * with defaults, the IP plan, the host-port plan and the order of the steps. Pure: returns text.
 */
import * as yaml from "js-yaml";
import { ADDONS, ADDON_TABLE, resolvedOf } from "../components/addons/definitions";
import { installOrder } from "../components/addons/order";
import { hostPortPlan, ON_THE_HOST_WITHOUT_PORTS, portLabel } from "../components/addons/hostPorts";
import { systemHostPorts } from "../components/calico/calicoHostPorts";
import { metricsPlanSteps } from "../components/calico/calicoMetrics";
import { WIREGUARD_PORT, wireguardPlanSteps } from "../components/calico/wireguard";
import { dataplanePlan, runsKubeProxy } from "../components/calico/dataplane";
import { teamPoolName } from "../components/calico/installationValues";
import { poolServices, servedGroupsText } from "../components/calico/poolChecks";
import { CalicoEksConfig } from "../components/stack/types";
import { ConfigProblem, formatProblem } from "../components/config/problems";
import { addressCount, parseCidr } from "../components/net/cidr";
import { poolCapacity } from "../components/net/capacity";
import { planSubnets } from "../components/net/subnetPlan";
import { architectureOf } from "../components/nodes/instanceTypes";
import { nodeRolePolicies } from "../components/nodes/nodeRolePolicies";

export function renderPlan(stackName: string, config: CalicoEksConfig, warnings: ConfigProblem[] = []): string {
    return [
        `# calico-eks plan for stack "${stackName}"`,
        "",
        ...(warnings.length ? ["## Warnings", ...warnings.map(w => `- ${formatProblem(w)}`), ""] : []),
        "## Resolved config (defaults applied)",
        yaml.dump(config, { lineWidth: 120, noRefs: true }).trimEnd(),
        "",
        "## IP plan",
        ...ipPlan(config),
        "",
        "## Host-port plan (every node)",
        ...portPlan(config),
        "",
        "## Add-ons",
        ...addonPlan(config),
        "## Dataplane",
        ...dataplanePlan(config.calico),
        "",
        "## Security",
        ...securityPlan(config),
        "",
        "## Order of the steps",
        ...steps(config).map((step, i) => `${i + 1}. ${step}`),
        "",
    ].join("\n");
}

function table(header: string[], rows: (string | number)[][]): string[] {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map(r => String(r[i]).length)));
    const line = (cells: (string | number)[]) =>
        cells
            .map((c, i) => String(c).padEnd(widths[i]))
            .join("  ")
            .trimEnd();
    return [line(header), line(widths.map(w => "-".repeat(w))), ...rows.map(line)];
}

function ipPlan(config: CalicoEksConfig): string[] {
    const { network } = config;
    const lines: string[] = [];
    if (network.existingVpcId) {
        lines.push(`VPC: existing ${network.existingVpcId} (${network.vpcCidr})`);
        lines.push(`  node subnets (private): ${network.existingPrivateSubnetIds.join(", ")}`);
        lines.push(`  public subnets: ${network.existingPublicSubnetIds.join(", ") || "none"}`);
    } else {
        const azs = network.availabilityZones.length ? network.availabilityZones : Array.from({ length: network.availabilityZoneCount }, (_, i) => `AZ ${i + 1}`);
        const subnets = planSubnets(network.vpcCidr, azs.length);
        lines.push(`VPC: new ${network.vpcCidr}, ${network.natGateways === "perAz" ? "one NAT gateway per AZ" : "one NAT gateway"}`);
        lines.push(
            ...table(
                ["AZ", "public subnet", "private subnet (nodes)"],
                azs.map((az, i) => [az, subnets.publicCidrs[i], subnets.privateCidrs[i]]),
            ).map(l => `  ${l}`),
        );
    }
    lines.push(`Service CIDR: ${config.controlPlane.serviceCidr}`);
    const maxPods = Math.max(...config.nodeGroups.map(g => g.maxPods));
    const maxNodes = config.nodeGroups.reduce((sum, g) => sum + g.maxSize, 0);
    lines.push(`Pod pools (capacity at maxPods ${maxPods}; node groups may grow to ${maxNodes} nodes):`);
    const pools = [
        ...poolServices(config).map(s => ({
            name: s.pool.name,
            cidr: s.pool.cidr,
            blockSize: s.pool.blockSize,
            use: `${s.pool.encapsulation}, natOutgoing ${s.pool.natOutgoing}, nodes ${s.pool.nodeSelector} (${servedGroupsText(s)})`,
        })),
        ...config.teams.map(t => ({ name: teamPoolName(t), cidr: t.cidr, blockSize: t.blockSize, use: `team ${t.name}: ${t.namespaces.join(", ")}` })),
    ];
    const rows = pools.map(p => {
        const c = poolCapacity(parseCidr(p.cidr), p.blockSize, maxPods);
        return [p.name, p.cidr, addressCount(parseCidr(p.cidr)), `/${p.blockSize}`, c.blocksInPool, c.blocksPerNode, c.nodesItCanHold, p.use];
    });
    lines.push(...table(["pool", "cidr", "addresses", "block", "blocks", "blocks/node", "nodes", "use"], rows).map(l => `  ${l}`));
    return lines;
}

function portPlan(config: CalicoEksConfig): string[] {
    const plan = hostPortPlan(config.addons, systemHostPorts(config.calico));
    const rows = plan.owners.map(o => [portLabel(o), o.owner, o.purpose, o.configKey ?? ""]);
    return [
        ...table(["port", "owner", "purpose", "config key"], rows),
        `also on the host network, binding no port: ${ON_THE_HOST_WITHOUT_PORTS.join(", ")}`,
        plan.clashes.length ? `CLASHES: ${plan.clashes.length}` : "no clashes",
    ];
}

/** The enabled add-ons, from the table: chart, namespace, network, what they come after, settings and user values. */
function addonPlan(config: CalicoEksConfig): string[] {
    const enabled = installOrder(ADDON_TABLE.filter(a => resolvedOf(config.addons, a).enabled));
    if (!enabled.length) {
        return ["none"];
    }
    const title = (name: string) => ADDON_TABLE.find(a => a.name === name)?.title ?? name;
    const rows = enabled.map(a => {
        const resolved = resolvedOf(config.addons, a) as unknown as Record<string, unknown> & { version: string; values: Record<string, unknown> };
        const settings = Object.entries(a.settings).map(([field, s]) => `${s.key}=${Array.isArray(resolved[field]) ? `[${(resolved[field] as string[]).join(", ")}]` : resolved[field]}`);
        const values = Object.keys(resolved.values);
        return [
            a.title,
            resolved.version,
            a.namespace,
            a.hostNetwork ? "host" : "overlay",
            a.after
                .filter(n => enabled.some(e => e.name === n))
                .map(title)
                .join(", ") || "-",
            [...settings, ...(values.length ? [`${a.name}Values: ${values.join(", ")}`] : [])].join("; "),
        ];
    });
    return table(["add-on", "chart", "namespace", "network", "after", "settings"], rows);
}

function securityPlan({ security, controlPlane, addons, calico }: CalicoEksConfig): string[] {
    const logs = security.controlPlaneLogTypes;
    const retention = security.controlPlaneLogRetentionDays === 0 ? "never expiring" : `kept ${security.controlPlaneLogRetentionDays} days`;
    const tags = Object.entries(security.tags);
    return [
        `control-plane logs: ${logs.length ? `${logs.join(", ")} to /aws/eks/${controlPlane.clusterName}/cluster, ${retention}` : "off"}`,
        `secrets encryption: ${!security.secretsEncryption ? "EKS's AWS-owned key only" : security.secretsKmsKeyArn ? `KMS key ${security.secretsKmsKeyArn}` : "a KMS key created for the cluster (rotation on)"}`,
        `node role: ${Object.keys(nodeRolePolicies(security.nodeSsmAccess)).length} managed policies: ${Object.values(nodeRolePolicies(security.nodeSsmAccess))
            .map(arn => arn.split("/").pop())
            .join(", ")}`,
        ...(addons.externalDns.enabled ? [`external-dns may change records in: ${addons.externalDns.hostedZoneIds.join(", ") || "every hosted zone"}`] : []),
        `tags on every taggable AWS resource: ${tags.length ? tags.map(([k, v]) => `${k}=${v}`).join(", ") : "none"}`,
        `pod traffic between nodes: ${calico.wireguard ? `encrypted (WireGuard, UDP/${WIREGUARD_PORT})` : "not encrypted (VXLAN); wireguard: true encrypts it"}`,
    ];
}

function steps(config: CalicoEksConfig): string[] {
    const addons = ADDONS.filter(a => config.addons[a.name].enabled);
    return [
        config.network.existingVpcId ? `use VPC ${config.network.existingVpcId}` : `create VPC ${config.network.vpcCidr}`,
        `create EKS control plane "${config.controlPlane.clusterName}" ${config.controlPlane.kubernetesVersion} (no node group, no VPC CNI, ${runsKubeProxy(config.calico.dataplane) ? "kube-proxy add-on" : "no kube-proxy (Calico's eBPF dataplane replaces it)"}, OIDC provider)`,
        "delete the aws-node DaemonSet if present",
        `install tigera-operator ${config.calico.version} with cni Calico, BGP disabled, dataplane ${config.calico.dataplane}, ${config.ipPools.length + config.teams.length} pool(s) (no readiness wait)`,
        ...wireguardPlanSteps(config.calico),
        ...metricsPlanSteps(config.calico),
        ...(config.teams.length ? [`create team namespaces: ${config.teams.flatMap(t => t.namespaces).join(", ")}`] : []),
        `create node groups: ${config.nodeGroups.map(g => `${g.name} (${g.instanceTypes.join("/")}, ${architectureOf(g.instanceTypes)}${g.amiId ? ` AMI ${g.amiId}` : ""}, ${g.minSize}/${g.desiredSize}/${g.maxSize}, maxPods ${g.maxPods})`).join("; ")}`,
        "create the CoreDNS add-on",
        ...(addons.length ? [`install add-ons: ${addons.map(a => `${a.title} ${config.addons[a.name].version}${a.hostNetwork ? " (host network)" : ""}`).join(", ")}`] : []),
    ];
}
