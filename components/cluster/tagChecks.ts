/**
 * The stack's `tags`, held to AWS's tag rules (the ones every service shares) before any resource exists:
 * otherwise the first resource to be tagged fails in the middle of an `up`. Pure.
 */
import { Problems, setCommand } from "../config/problems";

/** AWS's limit of tags per resource. */
const MAX_TAGS_PER_RESOURCE = 50;
/** Most tags the program sets itself on one resource (a subnet: Name, its role tag, the cluster tag). */
export const MAX_OWN_TAGS = 3;
const MAX_KEY_LENGTH = 128;
const MAX_VALUE_LENGTH = 256;
/** Letters, digits and white space of any script, and _ . : / = + - @ (what every AWS service accepts). */
const TAG_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const NOT_A_TAG_CHARACTER = /[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu;

/** Tag keys that steer other software, so the program sets them itself where they belong. */
const FUNCTIONAL_PREFIXES: { prefix: string; why: string }[] = [
    { prefix: "kubernetes.io/cluster/", why: "marks what belongs to which cluster; the load balancer controller picks subnets by it, and the program sets it where it belongs" },
    { prefix: "kubernetes.io/role/", why: "tells the load balancer controller where to put internet-facing and internal load balancers; on every resource it would offer the wrong subnets" },
    { prefix: "k8s.io/cluster-autoscaler/", why: "is how the cluster autoscaler discovers the node groups it may scale (EKS sets it on their auto scaling groups)" },
];

const tagPath = (key: string) => `tags["${key}"]`;
const removeTag = (key: string) => `pulumi config rm --path '${tagPath(key)}'`;

export function validateTags(tags: Record<string, string>, problems: Problems): void {
    const entries = Object.entries(tags);
    const limit = MAX_TAGS_PER_RESOURCE - MAX_OWN_TAGS;
    if (entries.length > limit) {
        problems.add(
            "tags",
            `AWS allows ${MAX_TAGS_PER_RESOURCE} tags per resource and the program sets up to ${MAX_OWN_TAGS} itself, so at most ${limit} here, got ${entries.length}`,
            "merge tags, or keep only those your cost allocation and ownership rules ask for",
        );
    }
    for (const [key, value] of entries) {
        const path = tagPath(key);
        if (key.trim().length === 0) {
            problems.add("tags", "a tag key is empty", "give every tag a key in the stack file");
            continue;
        }
        if (/^aws:/i.test(key)) {
            problems.add(path, `keys starting with "aws:" are reserved for AWS's own tags`, `${removeTag(key)}, or drop the prefix: pulumi config set --path '${tagPath(key.slice(4))}' '${value}'`);
            continue;
        }
        const functional = FUNCTIONAL_PREFIXES.find(f => key.startsWith(f.prefix));
        if (functional) {
            problems.add(path, `${key} ${functional.why}`, removeTag(key));
            continue;
        }
        if (key.length > MAX_KEY_LENGTH) {
            problems.add(path, `a tag key is at most ${MAX_KEY_LENGTH} characters, this one has ${key.length}`, `${removeTag(key)} and use a shorter key`);
        } else if (!TAG_CHARACTERS.test(key)) {
            problems.add(
                path,
                `tag key "${key}" has characters AWS refuses (${unique(key.match(NOT_A_TAG_CHARACTER))}); allowed are letters, digits, spaces and _ . : / = + - @`,
                `${removeTag(key)}, then pulumi config set --path '${tagPath(key.replace(NOT_A_TAG_CHARACTER, "-"))}' '${value}'`,
            );
        }
        if (value.length > MAX_VALUE_LENGTH) {
            problems.add(path, `a tag value is at most ${MAX_VALUE_LENGTH} characters, this one has ${value.length}`, `${setCommand(path, "<a shorter value>")}`);
        } else if (!TAG_CHARACTERS.test(value)) {
            problems.add(
                path,
                `the value "${value}" has characters AWS refuses (${unique(value.match(NOT_A_TAG_CHARACTER))}); allowed are letters, digits, spaces and _ . : / = + - @`,
                setCommand(path, `'${value.replace(NOT_A_TAG_CHARACTER, "-")}'`),
            );
        }
        if (key === "Name") {
            problems.warn(
                path,
                "the program gives the network resources (VPC, subnets, gateways, route tables, addresses) their own Name; yours applies to every other tagged resource",
                `${removeTag(key)} unless one Name on all of those is meant`,
            );
        }
    }
}

function unique(characters: RegExpMatchArray | null): string {
    return [...new Set(characters ?? [])].map(c => JSON.stringify(c)).join(" ");
}
