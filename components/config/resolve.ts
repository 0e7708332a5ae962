/**
 * Turns raw stack config into a complete, validated CalicoEksConfig, or throws a ConfigValidationError
 * listing every problem. Pure: it runs before any resource exists, in `pulumi up`, the Automation API
 * module and the plan command alike.
 */
import { CONFIG_DEFAULTS, ConfigKey, DEFAULT_IP_POOL, DEFAULT_NODE_GROUP, DEFAULT_TEAM_BLOCK_SIZE } from "./defaults";
import { ConfigReader } from "./read";
import { unknownKeyFix } from "./unknownKeys";
import { ConfigProblem, Problems, setCommand } from "./problems";
import { CalicoEksConfig, CapacityType, Dataplane, Encapsulation, IpPoolConfig, NatOutgoing, NodeGroupConfig, TeamConfig } from "./types";
import { validateConfig } from "./validate";
import { ADDONS } from "../addons/definitions";
import { refusedEncapsulation } from "../calico/encapsulation";
import { absoluteChartSource } from "../charts/chartSource";
import { AddonName, AddonsConfig, AddonToggle } from "../addons/types";

/** Raw config values by key, without the namespace: JSON values or Pulumi's string forms. */
export type RawConfig = Partial<Record<string, unknown>>;

export const ENCAPSULATIONS: readonly Encapsulation[] = ["VXLAN"];
export const NAT_OUTGOING: readonly NatOutgoing[] = ["Enabled", "Disabled"];
export const CAPACITY_TYPES: readonly CapacityType[] = ["ON_DEMAND", "SPOT"];
export const DATAPLANES: readonly Dataplane[] = ["Iptables", "BPF"];

/** What validation may know beyond the project's own keys. */
export interface ResolveContext {
    /** The stack's AWS region (`aws:region`), when known: AZ names are checked against it. */
    readonly region?: string;
    /** Receives the warnings: what is accepted but worth telling (shown by the plan and logged by `up`). */
    readonly warnings?: ConfigProblem[];
    /** Where a relative local `chartSource` is resolved from: the project directory (default: the working directory). */
    readonly projectDir?: string;
}

export function resolveConfig(raw: RawConfig, context: ResolveContext = {}): CalicoEksConfig {
    const problems = new Problems();
    const read = new ConfigReader(problems);
    reportUnknownKeys(raw, problems);
    const d = CONFIG_DEFAULTS;

    const config: CalicoEksConfig = {
        controlPlane: {
            clusterName: read.string("clusterName", raw.clusterName, d.clusterName),
            kubernetesVersion: read.string("kubernetesVersion", raw.kubernetesVersion, d.kubernetesVersion),
            serviceCidr: read.string("serviceCidr", raw.serviceCidr, d.serviceCidr),
            endpointPublicAccess: read.boolean("endpointPublicAccess", raw.endpointPublicAccess, d.endpointPublicAccess),
            endpointPrivateAccess: read.boolean("endpointPrivateAccess", raw.endpointPrivateAccess, d.endpointPrivateAccess),
            publicAccessCidrs: read.stringList("publicAccessCidrs", raw.publicAccessCidrs, d.publicAccessCidrs),
            bootstrapSelfManagedAddons: read.boolean("bootstrapSelfManagedAddons", raw.bootstrapSelfManagedAddons, d.bootstrapSelfManagedAddons),
        },
        network: {
            vpcCidr: read.string("vpcCidr", raw.vpcCidr, d.vpcCidr),
            existingVpcId: read.string("existingVpcId", raw.existingVpcId, d.existingVpcId),
            existingPrivateSubnetIds: read.stringList("existingPrivateSubnetIds", raw.existingPrivateSubnetIds, d.existingPrivateSubnetIds),
            existingPublicSubnetIds: read.stringList("existingPublicSubnetIds", raw.existingPublicSubnetIds, d.existingPublicSubnetIds),
            availabilityZones: read.stringList("availabilityZones", raw.availabilityZones, d.availabilityZones),
            availabilityZoneCount: read.integer("availabilityZoneCount", raw.availabilityZoneCount, d.availabilityZoneCount),
            natGateways: read.oneOf("natGateways", raw.natGateways, ["single", "perAz"] as const, "single"),
        },
        calico: {
            version: read.string("calicoVersion", raw.calicoVersion, d.calicoVersion),
            dataplane: read.oneOf("dataplane", raw.dataplane, DATAPLANES, d.dataplane),
            wireguard: read.boolean("wireguard", raw.wireguard, d.wireguard),
            metrics: read.boolean("calicoMetrics", raw.calicoMetrics, d.calicoMetrics),
        },
        chartSource: absoluteChartSource(read.string("chartSource", raw.chartSource, d.chartSource), context.projectDir ?? process.cwd()),
        ipPools: readIpPools(read, raw.ipPools),
        nodeGroups: readNodeGroups(read, raw.nodeGroups),
        teams: readTeams(read, raw.teams),
        nodeAccess: {
            metadataHopLimit: read.integer("nodeMetadataHopLimit", raw.nodeMetadataHopLimit, d.nodeMetadataHopLimit),
            requireImdsv2: read.boolean("requireImdsv2", raw.requireImdsv2, d.requireImdsv2),
        },
        addons: readAddons(read, raw),
        security: {
            controlPlaneLogTypes: read.stringList("controlPlaneLogTypes", raw.controlPlaneLogTypes, d.controlPlaneLogTypes),
            controlPlaneLogRetentionDays: read.integer("controlPlaneLogRetentionDays", raw.controlPlaneLogRetentionDays, d.controlPlaneLogRetentionDays),
            secretsEncryption: read.boolean("secretsEncryption", raw.secretsEncryption, d.secretsEncryption),
            secretsKmsKeyArn: read.string("secretsKmsKeyArn", raw.secretsKmsKeyArn, d.secretsKmsKeyArn),
            nodeSsmAccess: read.boolean("nodeSsmAccess", raw.nodeSsmAccess, d.nodeSsmAccess),
            tags: read.stringMap("tags", raw.tags, d.tags),
        },
    };

    validateConfig(config, problems, context);
    context.warnings?.push(...problems.warnings);
    problems.throwIfAny();
    return config;
}

const POOL_FIELDS = Object.keys(DEFAULT_IP_POOL);
const NODE_GROUP_FIELDS = Object.keys(DEFAULT_NODE_GROUP);

function readIpPools(read: ConfigReader, raw: unknown): IpPoolConfig[] {
    const items = read.objectList("ipPools", raw) ?? CONFIG_DEFAULTS.ipPools;
    return items.map((item, i) => {
        const key = `ipPools[${i}]`;
        const d = DEFAULT_IP_POOL;
        read.unknownFields(key, item, POOL_FIELDS);
        return {
            // Only the first pool may take the default name; later pools must be named.
            name: read.string(`${key}.name`, item.name, i === 0 ? d.name : ""),
            cidr: read.string(`${key}.cidr`, item.cidr, i === 0 ? d.cidr : ""),
            blockSize: read.integer(`${key}.blockSize`, item.blockSize, d.blockSize),
            encapsulation: readEncapsulation(read, `${key}.encapsulation`, item.encapsulation),
            natOutgoing: read.oneOf(`${key}.natOutgoing`, item.natOutgoing, NAT_OUTGOING, d.natOutgoing, "Calico takes the strings, not true/false"),
            nodeSelector: read.string(`${key}.nodeSelector`, item.nodeSelector, d.nodeSelector),
        };
    });
}

function readEncapsulation(read: ConfigReader, key: string, raw: unknown): Encapsulation {
    const refused = typeof raw === "string" ? refusedEncapsulation(raw) : undefined;
    if (refused) {
        // Told apart from other bad values: the reason is specific to how this program runs Calico.
        read.report(key, refused, setCommand(key, "VXLAN"));
        return DEFAULT_IP_POOL.encapsulation;
    }
    return read.oneOf(key, raw, ENCAPSULATIONS, DEFAULT_IP_POOL.encapsulation);
}

function readNodeGroups(read: ConfigReader, raw: unknown): NodeGroupConfig[] {
    const items = read.objectList("nodeGroups", raw) ?? CONFIG_DEFAULTS.nodeGroups;
    return items.map((item, i) => {
        const key = `nodeGroups[${i}]`;
        const d = DEFAULT_NODE_GROUP;
        read.unknownFields(key, item, NODE_GROUP_FIELDS);
        return {
            name: read.string(`${key}.name`, item.name, i === 0 ? d.name : ""),
            instanceTypes: read.stringList(`${key}.instanceTypes`, item.instanceTypes, d.instanceTypes),
            minSize: read.integer(`${key}.minSize`, item.minSize, d.minSize),
            desiredSize: read.integer(`${key}.desiredSize`, item.desiredSize, d.desiredSize),
            maxSize: read.integer(`${key}.maxSize`, item.maxSize, d.maxSize),
            maxPods: read.integer(`${key}.maxPods`, item.maxPods, d.maxPods),
            diskSizeGiB: read.integer(`${key}.diskSizeGiB`, item.diskSizeGiB, d.diskSizeGiB),
            capacityType: read.oneOf(`${key}.capacityType`, item.capacityType, CAPACITY_TYPES, d.capacityType),
            labels: read.stringMap(`${key}.labels`, item.labels, d.labels),
            amiId: read.string(`${key}.amiId`, item.amiId, d.amiId),
        };
    });
}

const TEAM_FIELDS = ["name", "namespaces", "cidr", "blockSize"];

function readTeams(read: ConfigReader, raw: unknown): TeamConfig[] {
    const items = read.objectList("teams", raw) ?? [];
    return items.map((item, i) => {
        const key = `teams[${i}]`;
        read.unknownFields(key, item, TEAM_FIELDS);
        return {
            name: read.string(`${key}.name`, item.name, ""),
            namespaces: read.stringList(`${key}.namespaces`, item.namespaces, []),
            cidr: read.string(`${key}.cidr`, item.cidr, ""),
            blockSize: read.integer(`${key}.blockSize`, item.blockSize, DEFAULT_TEAM_BLOCK_SIZE),
        };
    });
}

function readAddons(read: ConfigReader, raw: RawConfig): AddonsConfig {
    const d = CONFIG_DEFAULTS;
    const toggle = (name: AddonName): AddonToggle => ({
        enabled: read.boolean(`${name}Enabled`, raw[`${name}Enabled`], d[`${name}Enabled`]),
        version: read.string(`${name}Version`, raw[`${name}Version`], d[`${name}Version`]),
    });
    const toggles = Object.fromEntries(ADDONS.map(a => [a.name, toggle(a.name)])) as Record<keyof AddonsConfig, AddonToggle>;
    const port = (key: "loadBalancerControllerWebhookPort" | "metricsServerPort" | "certManagerWebhookPort") => read.integer(key, raw[key], d[key]);
    return {
        ...toggles,
        loadBalancerController: { ...toggles.loadBalancerController, webhookPort: port("loadBalancerControllerWebhookPort") },
        metricsServer: { ...toggles.metricsServer, port: port("metricsServerPort") },
        certManager: { ...toggles.certManager, webhookPort: port("certManagerWebhookPort") },
        externalDns: {
            ...toggles.externalDns,
            domainFilters: read.stringList("externalDnsDomainFilters", raw.externalDnsDomainFilters, d.externalDnsDomainFilters),
            hostedZoneIds: read.stringList("externalDnsHostedZoneIds", raw.externalDnsHostedZoneIds, d.externalDnsHostedZoneIds),
        },
    };
}

function reportUnknownKeys(raw: RawConfig, problems: Problems): void {
    const known = Object.keys(CONFIG_DEFAULTS) as ConfigKey[];
    for (const key of Object.keys(raw)) {
        if (!(known as string[]).includes(key)) {
            problems.add(key, `unknown config key`, unknownKeyFix(key, raw[key], known));
        }
    }
}
