/** Checks of the managed node groups and node access. Pure; adds to `problems` and never throws. */
import { DNS_LABEL, validateName } from "../config/checks";
import { CALICO_EKS_NAME, MAX_PODS_LIMIT } from "../config/defaults";
import { Problems, setCommand } from "../config/problems";
import { NodeGroupConfig } from "../config/types";
import type { CalicoEksConfig } from "../stack/types";
import { kubeReservedMemoryMiB } from "../net/capacity";
import { ACCELERATED_SERIES, InstanceType, minimumMemoryMiB, parseInstanceType, suggestInstanceType, UNSUPPORTED_SERIES } from "./instanceTypes";
import { maxNodeGroupNameLength } from "./nodeGroupNames";
import { labelKeyProblem, labelValueProblem } from "./nodeLabels";
import { EVICTION_HARD_MEMORY_MIB } from "./userData";

export function validateNodeGroups(config: CalicoEksConfig, problems: Problems): void {
    if (config.nodeGroups.length === 0) {
        problems.add("nodeGroups", "no node group is configured, so no pod could run", "remove the key to get the default node group, or list at least one");
    }
    const seen = new Set<string>();
    // The launch templates are named after the program's component, not the cluster (see calicoEksCluster.ts).
    const nameLimit = maxNodeGroupNameLength(CALICO_EKS_NAME);
    config.nodeGroups.forEach((group, i) => {
        const key = `nodeGroups[${i}]`;
        validateGroupName(key, group, nameLimit, seen, problems);
        validateInstanceTypes(key, group, problems);
        if (group.minSize < 0) {
            problems.add(`${key}.minSize`, `minSize ${group.minSize} is negative`, setCommand(`${key}.minSize`, "1"));
        }
        if (group.maxSize < 1) {
            problems.add(`${key}.maxSize`, `maxSize ${group.maxSize} allows no node`, setCommand(`${key}.maxSize`, "3"));
        }
        if (group.minSize > group.maxSize) {
            problems.add(`${key}.minSize`, `minSize ${group.minSize} is greater than maxSize ${group.maxSize}`, `make minSize ≤ maxSize`);
        } else if (group.desiredSize < group.minSize || group.desiredSize > group.maxSize) {
            problems.add(
                `${key}.desiredSize`,
                `desiredSize ${group.desiredSize} is outside [minSize ${group.minSize}, maxSize ${group.maxSize}]`,
                `set desiredSize between ${group.minSize} and ${group.maxSize}`,
            );
        }
        if (group.maxPods < 1 || group.maxPods > MAX_PODS_LIMIT) {
            problems.add(`${key}.maxPods`, `maxPods ${group.maxPods} is outside 1–${MAX_PODS_LIMIT}`, setCommand(`${key}.maxPods`, "100"));
        }
        if (group.amiId && !/^ami-[0-9a-f]{8,17}$/.test(group.amiId)) {
            problems.add(`${key}.amiId`, `"${group.amiId}" is not an AMI ID`, `use an EKS-optimized AL2023 AMI ID like ami-0123456789abcdef0, or "" for the current one`);
        }
        validateLabels(key, group, problems);
        if (group.diskSizeGiB < 20 || group.diskSizeGiB > 16384) {
            problems.add(`${key}.diskSizeGiB`, `diskSizeGiB ${group.diskSizeGiB} is outside 20–16384`, setCommand(`${key}.diskSizeGiB`, "50"));
        }
    });
    validateStartingNodes(config, problems);
    warnOnQuotas(config, problems);
    if (config.nodeAccess.metadataHopLimit < 1 || config.nodeAccess.metadataHopLimit > 64) {
        problems.add("nodeMetadataHopLimit", `${config.nodeAccess.metadataHopLimit} is outside 1–64`, setCommand("nodeMetadataHopLimit", "1"));
    } else if (config.nodeAccess.metadataHopLimit > 1) {
        // Works, but undoes what hop limit 1 is for: an overlay pod is one hop from its node.
        problems.warn(
            "nodeMetadataHopLimit",
            `with hop limit ${config.nodeAccess.metadataHopLimit} every overlay pod reaches the instance metadata service, and with it the node role's credentials (ECR, EC2 describe, the EKS node permissions); add-ons get their own roles through IRSA and do not need it`,
            `${setCommand("nodeMetadataHopLimit", "1")} unless a workload without IRSA must use the node's role`,
        );
    }
    if (!config.nodeAccess.requireImdsv2 && config.nodeAccess.metadataHopLimit === 1) {
        // IMDSv1 answers without a token, and a token's hop limit is what keeps overlay pods out.
        problems.warn(
            "requireImdsv2",
            "IMDSv1 answers requests without a session token, and the hop limit applies only to the token's response, so overlay pods can read the node role's credentials again",
            setCommand("requireImdsv2", "true"),
        );
    }
}

/** EKS service quotas (defaults; an account may have them raised, so they are told, not refused). */
const NODES_PER_MANAGED_NODE_GROUP = 450;
const MANAGED_NODE_GROUPS_PER_CLUSTER = 30;

function warnOnQuotas(config: CalicoEksConfig, problems: Problems): void {
    config.nodeGroups.forEach((group, i) => {
        if (group.maxSize > NODES_PER_MANAGED_NODE_GROUP) {
            problems.warn(
                `nodeGroups[${i}].maxSize`,
                `maxSize ${group.maxSize} is above EKS's default quota of ${NODES_PER_MANAGED_NODE_GROUP} nodes per managed node group: without a raised quota, creating or updating the group fails`,
                `request a higher "Nodes per managed node group" in Service Quotas first, or split the nodes over several groups of at most ${NODES_PER_MANAGED_NODE_GROUP}`,
            );
        }
    });
    if (config.nodeGroups.length > MANAGED_NODE_GROUPS_PER_CLUSTER) {
        problems.warn(
            "nodeGroups",
            `${config.nodeGroups.length} node groups are above EKS's default quota of ${MANAGED_NODE_GROUPS_PER_CLUSTER} managed node groups per cluster: without a raised quota, creating the extra groups fails`,
            `request a higher "Managed node groups per cluster" in Service Quotas first, or merge groups`,
        );
    }
}

/** EKS's limit on a managed node group's instanceTypes (CreateNodegroup). */
const MAX_INSTANCE_TYPES = 20;

/**
 * CoreDNS is an EKS managed add-on created after the first node group: with no node anywhere its pods stay
 * Pending, EKS reports the add-on DEGRADED, and `up` fails when the provider's 20-minute wait runs out.
 * (Groups that start empty are fine while another starts with a node.)
 */
function validateStartingNodes(config: CalicoEksConfig, problems: Problems): void {
    const groups = config.nodeGroups.filter(g => g.maxSize >= 1);
    if (groups.length === 0 || groups.length < config.nodeGroups.length || groups.some(g => g.desiredSize > 0)) {
        return;
    }
    problems.add(
        "nodeGroups[0].desiredSize",
        "no node group starts with a node (every desiredSize is 0), so the CoreDNS add-on, created after the first group, has nowhere to run: EKS reports it DEGRADED and `up` fails after waiting 20 minutes (a cluster autoscaler cannot help, it is installed later)",
        setCommand("nodeGroups[0].desiredSize", "1"),
    );
}

function validateGroupName(key: string, group: NodeGroupConfig, limit: { max: number; why: string }, seen: Set<string>, problems: Problems): void {
    if (DNS_LABEL.test(group.name) && group.name.length > limit.max) {
        // Well formed but too long for what is generated from it: say the exact maximum, and why.
        const shorter = group.name.slice(0, Math.max(1, limit.max)).replace(/-+$/, "");
        problems.add(`${key}.name`, `node group name "${group.name}" has ${group.name.length} characters, but at most ${limit.max} fit: ${limit.why}`, setCommand(`${key}.name`, shorter));
        seen.add(group.name);
        return;
    }
    validateName(`${key}.name`, group.name, { what: "node group", maxLength: limit.max, example: `group-${key.replace(/\D/g, "")}` }, seen, problems);
}

function validateInstanceTypes(key: string, group: NodeGroupConfig, problems: Problems): void {
    if (group.instanceTypes.length === 0) {
        problems.add(`${key}.instanceTypes`, `expected one or more EC2 instance types, got ${JSON.stringify(group.instanceTypes)}`, "list instance types like [m5.large]");
        return;
    }
    if (group.instanceTypes.length > MAX_INSTANCE_TYPES) {
        // CreateNodegroup refuses more, and only once the cluster exists.
        problems.add(
            `${key}.instanceTypes`,
            `EKS takes at most ${MAX_INSTANCE_TYPES} instance types per managed node group, got ${group.instanceTypes.length}`,
            `remove ${group.instanceTypes.length - MAX_INSTANCE_TYPES} of them, or split them over two node groups`,
        );
    }
    const parsed: InstanceType[] = [];
    group.instanceTypes.forEach((name, j) => {
        const typeKey = `${key}.instanceTypes[${j}]`;
        const type = parseInstanceType(name);
        if (typeof type === "string") {
            const suggestion = suggestInstanceType(name);
            problems.add(typeKey, `"${name}" is not an EC2 instance type: ${type}`, setCommand(typeKey, suggestion ?? "m5.large"));
            return;
        }
        if (group.instanceTypes.indexOf(name) !== j) {
            problems.add(typeKey, `${name} is listed twice`, `remove the second ${name} from ${key}.instanceTypes`);
            return;
        }
        const unsupported = UNSUPPORTED_SERIES[type.series];
        if (unsupported) {
            problems.add(typeKey, `${name}: ${unsupported}`, setCommand(typeKey, type.architecture === "arm64" ? "m6g.large" : "m5.large"));
            return;
        }
        parsed.push(type);
        validateMemory(key, typeKey, group, type, problems);
        const accelerator = ACCELERATED_SERIES[type.series];
        if (accelerator && !group.amiId) {
            problems.warn(
                typeKey,
                `${name} has ${accelerator}, but the standard EKS AL2023 AMI this group gets has no drivers for them: the node joins, the accelerators stay unusable`,
                `pin the matching AL2023 variant (nvidia or neuron) with ${setCommand(`${key}.amiId`, "<ami-id>")}`,
            );
        }
    });
    const architectures = [...new Set(parsed.map(t => t.architecture))];
    if (architectures.length > 1) {
        const listing = parsed.map(t => `${t.family}.${t.size} ${t.architecture}`).join(", ");
        problems.add(
            `${key}.instanceTypes`,
            `one node group runs one AMI, so its instance types must share an architecture; these mix them (${listing})`,
            "put the arm64 (Graviton) types and the x86_64 types in separate node groups",
        );
    } else if (architectures.length === 1 && group.amiId) {
        // The AMI's architecture is a property of the image in the region: nothing offline can read it.
        problems.warn(
            `${key}.amiId`,
            `${group.amiId} is pinned, and its architecture cannot be checked before \`up\`: it must be an ${architectures[0]} EKS AL2023 AMI, or the group ends CREATE_FAILED`,
            `check it with: aws ec2 describe-images --image-ids ${group.amiId} --query 'Images[0].Architecture'`,
        );
    }
}

/**
 * The kubelet refuses to start when its reservations exceed the node's memory (`validateNodeAllocatable`,
 * pkg/kubelet/cm): kubeReserved (sized for maxPods, see userData.ts) plus the hard eviction threshold.
 */
function validateMemory(key: string, typeKey: string, group: NodeGroupConfig, type: InstanceType, problems: Problems): void {
    const memory = minimumMemoryMiB(type);
    if (memory === undefined) {
        return;
    }
    const reserved = kubeReservedMemoryMiB(group.maxPods) + EVICTION_HARD_MEMORY_MIB;
    const name = `${type.family}.${type.size}`;
    const fitting = Math.floor((memory / 2 - EVICTION_HARD_MEMORY_MIB - kubeReservedMemoryMiB(0)) / (kubeReservedMemoryMiB(1) - kubeReservedMemoryMiB(0)));
    if (reserved >= memory) {
        problems.add(
            typeKey,
            `${name} has ${memory} MiB of memory, but with maxPods ${group.maxPods} the kubelet reserves ${reserved} MiB (kubeReserved ${kubeReservedMemoryMiB(group.maxPods)} MiB + eviction ${EVICTION_HARD_MEMORY_MIB} MiB) and refuses to start when reservations exceed capacity`,
            fitting >= 1 ? `${setCommand(`${key}.maxPods`, String(fitting))}, or use a larger size` : setCommand(typeKey, `${type.family}.large`),
        );
    } else if (reserved > memory / 2) {
        problems.warn(
            typeKey,
            `${name} has ${memory} MiB of memory; with maxPods ${group.maxPods} the kubelet reserves ${reserved} MiB of it, leaving less than half for pods`,
            fitting >= 1 ? `${setCommand(`${key}.maxPods`, String(fitting))}, or use a larger size` : `use ${type.family}.large or larger`,
        );
    }
}

function validateLabels(key: string, group: NodeGroupConfig, problems: Problems): void {
    for (const [label, value] of Object.entries(group.labels)) {
        const keyProblem = labelKeyProblem(label);
        if (keyProblem) {
            const instead = keyProblem.suggestedKey ? ` && ${setCommand(labelPath(key, keyProblem.suggestedKey), value || label.split("/").pop()!)}` : "";
            problems.add(`${key}.labels`, `"${label}" is not a label key a node group may set: ${keyProblem.reason}`, `pulumi config rm --path '${labelPath(key, label)}'${instead}`);
        }
        const valueProblem = labelValueProblem(value);
        if (valueProblem) {
            const cleaned = value
                .replace(/[^-A-Za-z0-9_.]+/g, "-")
                .replace(/^[-_.]+|[-_.]+$/g, "")
                .slice(0, 63);
            problems.add(`${key}.labels`, `label ${label}=${JSON.stringify(value)} has a value a node cannot carry: ${valueProblem}`, setCommand(labelPath(key, label), cleaned || "true"));
        }
    }
}

/** The `--path` of one label: `nodeGroups[0].labels.team`, or `nodeGroups[0].labels["example.com/role"]`. */
function labelPath(key: string, label: string): string {
    return /^[A-Za-z_][A-Za-z0-9_]*$/.test(label) ? `${key}.labels.${label}` : `${key}.labels["${label}"]`;
}
