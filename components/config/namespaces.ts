/**
 * Config keys that look meant for this project but that it never reads: keys in a namespace one typo away from
 * `calico-eks:` (`calico_eks:`, `calicoeks:`, `Calico-EKS:`). They are accepted (another program may read them)
 * but warned about, naming the key and the fix. Other namespaces (`aws:`, `kubernetes:`, `pulumi:`, ...) belong to
 * other programs and are left alone. (A key without a namespace in a stack file is this project's: the Pulumi
 * CLI reads it in the project's namespace, and so does automation/stackFiles.ts.)
 */
import { CONFIG_NAMESPACE } from "./defaults";
import { ConfigProblem } from "./problems";
import { editDistance } from "./suggest";
import { shellValue } from "./unknownKeys";

/** A namespace that reads as this project's, misspelled. */
function looksLikeOurs(namespace: string): boolean {
    const squashed = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, "");
    return namespace !== CONFIG_NAMESPACE && (squashed(namespace) === squashed(CONFIG_NAMESPACE) || editDistance(namespace, CONFIG_NAMESPACE) <= 2);
}

/** The command that moves a value to its right key, for plain values; structured ones are renamed in the file. */
function moveFix(from: string, name: string, value: unknown): string {
    const to = `${CONFIG_NAMESPACE}:${name}`;
    return typeof value === "object" && value !== null ? `rename "${from}" to "${to}" in the stack file` : `pulumi config rm '${from}' && pulumi config set '${to}' ${shellValue(value)}`;
}

/** Warnings for the keys of a config block (`where`: "Pulumi.dev.yaml" or "the stack's config") this project never reads. */
export function foreignKeyWarnings(config: Record<string, unknown>, where: string): ConfigProblem[] {
    const warnings: ConfigProblem[] = [];
    for (const [key, value] of Object.entries(config)) {
        const colon = key.indexOf(":");
        if (colon < 0) {
            continue;
        }
        const namespace = key.slice(0, colon);
        const name = key.slice(colon + 1);
        if (looksLikeOurs(namespace)) {
            warnings.push({
                key: name,
                message: `"${key}" in ${where} is in namespace "${namespace}", not "${CONFIG_NAMESPACE}", so this program never reads it`,
                fix: moveFix(key, name, value),
            });
        }
    }
    return warnings;
}
