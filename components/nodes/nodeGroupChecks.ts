/** Checks of the managed node groups and node access. Pure; adds to `problems` and never throws. */
import { validateName } from "../config/checks";
import { MAX_PODS_LIMIT } from "../config/defaults";
import { Problems, setCommand } from "../config/problems";
import { CalicoEksConfig } from "../config/types";

export function validateNodeGroups(config: CalicoEksConfig, problems: Problems): void {
    if (config.nodeGroups.length === 0) {
        problems.add("nodeGroups", "no node group is configured, so no pod could run", "remove the key to get the default node group, or list at least one");
    }
    const seen = new Set<string>();
    config.nodeGroups.forEach((group, i) => {
        const key = `nodeGroups[${i}]`;
        validateName(`${key}.name`, group.name, { what: "node group", maxLength: 40, example: `group-${i}` }, seen, problems);
        if (group.instanceTypes.length === 0 || group.instanceTypes.some(t => !/^[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(t))) {
            problems.add(`${key}.instanceTypes`, `expected one or more EC2 instance types, got ${JSON.stringify(group.instanceTypes)}`, "list instance types like [m5.large]");
        }
        if (group.minSize < 0) {
            problems.add(`${key}.minSize`, `minSize ${group.minSize} is negative`, setCommand(`${key}.minSize`, "1"));
        }
        if (group.maxSize < 1) {
            problems.add(`${key}.maxSize`, `maxSize ${group.maxSize} allows no node`, setCommand(`${key}.maxSize`, "3"));
        }
        if (group.minSize > group.maxSize) {
            problems.add(`${key}.minSize`, `minSize ${group.minSize} is greater than maxSize ${group.maxSize}`, `make minSize ≤ maxSize`);
        } else if (group.desiredSize < group.minSize || group.desiredSize > group.maxSize) {
            problems.add(`${key}.desiredSize`, `desiredSize ${group.desiredSize} is outside [minSize ${group.minSize}, maxSize ${group.maxSize}]`, `set desiredSize between ${group.minSize} and ${group.maxSize}`);
        }
        if (group.maxPods < 1 || group.maxPods > MAX_PODS_LIMIT) {
            problems.add(`${key}.maxPods`, `maxPods ${group.maxPods} is outside 1–${MAX_PODS_LIMIT}`, setCommand(`${key}.maxPods`, "100"));
        }
        if (group.amiId && !/^ami-[0-9a-f]{8,17}$/.test(group.amiId)) {
            problems.add(`${key}.amiId`, `"${group.amiId}" is not an AMI ID`, `use an EKS-optimized AL2023 AMI ID like ami-0123456789abcdef0, or "" for the current one`);
        }
        for (const label of Object.keys(group.labels)) {
            if (!/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(label) || label.startsWith("kubernetes.io/") || label.startsWith("eks.amazonaws.com/")) {
                problems.add(`${key}.labels`, `"${label}" is not a label key a node group may set`, "use keys like team or example.com/role, outside kubernetes.io/ and eks.amazonaws.com/");
            }
        }
        if (group.diskSizeGiB < 20 || group.diskSizeGiB > 16384) {
            problems.add(`${key}.diskSizeGiB`, `diskSizeGiB ${group.diskSizeGiB} is outside 20–16384`, setCommand(`${key}.diskSizeGiB`, "50"));
        }
    });
    if (config.nodeAccess.metadataHopLimit < 1 || config.nodeAccess.metadataHopLimit > 64) {
        problems.add("nodeMetadataHopLimit", `${config.nodeAccess.metadataHopLimit} is outside 1–64`, setCommand("nodeMetadataHopLimit", "1"));
    }
}
