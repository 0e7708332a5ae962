/**
 * What to tell a user about a key or field the program does not know: usually a typo, or the name another tool
 * (eksctl, the EKS API, Calico's IPPool resource, the AWS provider) uses for the same thing.
 */
import { closest } from "./suggest";

/** Names other tools use, by the name this program uses instead. */
const OTHER_TOOLS_NAMES: Record<string, string> = {
    // eksctl and the EKS API
    version: "kubernetesVersion",
    k8sVersion: "kubernetesVersion",
    eksVersion: "kubernetesVersion",
    vpcId: "existingVpcId",
    subnetIds: "existingPrivateSubnetIds",
    privateSubnetIds: "existingPrivateSubnetIds",
    publicSubnetIds: "existingPublicSubnetIds",
    managedNodeGroups: "nodeGroups",
    nodegroups: "nodeGroups",
    desiredCapacity: "desiredSize",
    volumeSize: "diskSizeGiB",
    diskSize: "diskSizeGiB",
    instanceType: "instanceTypes",
    ami: "amiId",
    // Calico's IPPool resource
    vxlanMode: "encapsulation",
    ipipMode: "encapsulation",
};

/** Keys that belong to another namespace, with the command that sets them there. */
const OTHER_NAMESPACES: Record<string, string> = {
    region: "aws:region",
    profile: "aws:profile",
    kubeconfig: "kubernetes:kubeconfig",
};

/** The known name a user most likely meant, or undefined when none is close. */
export function suggestName(name: string, known: readonly string[]): string | undefined {
    const alias = OTHER_TOOLS_NAMES[name];
    if (alias && known.includes(alias)) {
        return alias;
    }
    return closest(name, known);
}

/** A value as a shell argument for `pulumi config set`. */
export function shellValue(value: unknown): string {
    const text = typeof value === "string" ? value : JSON.stringify(value);
    return /^[\w./:@,+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The fix for an unknown top-level key: rename it (with its value, when it is a plain one) or remove it. */
export function unknownKeyFix(key: string, value: unknown, known: readonly string[]): string {
    const remove = `pulumi config rm '${key}'`;
    const elsewhere = OTHER_NAMESPACES[key];
    if (elsewhere) {
        return `it belongs to another namespace: ${remove} && pulumi config set ${elsewhere} ${shellValue(value)}`;
    }
    const near = suggestName(key, known);
    if (!near) {
        return `remove it with ${remove} (the keys are listed in the README's Configuration section)`;
    }
    const structured = typeof value === "object" && value !== null;
    return structured ? `did you mean "${near}"? Rename "${key}" to "${near}" in the stack file` : `did you mean "${near}"? ${remove} && pulumi config set '${near}' ${shellValue(value)}`;
}

/** The fix for an unknown field of a list item (`ipPools[0].cidrs`). */
export function unknownFieldFix(itemKey: string, field: string, value: unknown, known: readonly string[]): string {
    const near = suggestName(field, known);
    if (!near) {
        return `remove "${field}" from ${itemKey} in the stack file; its fields are ${known.join(", ")}`;
    }
    const structured = typeof value === "object" && value !== null;
    return structured
        ? `did you mean "${near}"? Rename "${field}" to "${near}" in ${itemKey} in the stack file`
        : `did you mean "${near}"? pulumi config rm --path '${itemKey}.${field}' && pulumi config set --path '${itemKey}.${near}' ${shellValue(value)}`;
}
