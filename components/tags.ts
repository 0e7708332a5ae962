/**
 * Tags on AWS resources: the stack's `tags` (cost allocation, ownership) under the tags the program sets
 * itself. The program's own win, because they are functional: `kubernetes.io/cluster/<name>` and the
 * `kubernetes.io/role/*` subnet tags are how the load balancer controller finds subnets, and `Name` tells
 * the resources apart in the console. Pure for plain tags; tags from another stack (an Output) are merged
 * once they resolve.
 */
import * as pulumi from "@pulumi/pulumi";

/** The stack's tags: a plain mapping (stack config), or an Output of one (a component argument). */
export type StackTags = pulumi.Input<Record<string, string>>;

/**
 * The stack's tags plus the resource's own, its own winning on the same key; undefined when there are none,
 * so a stack without tags registers its resources exactly as before tags existed (no update on upgrade).
 */
export function withTags(stackTags: Record<string, string>, own?: Record<string, string>): Record<string, string> | undefined;
export function withTags(stackTags: StackTags, own?: Record<string, string>): pulumi.Input<Record<string, string>> | undefined;
export function withTags(stackTags: StackTags, own: Record<string, string> = {}): pulumi.Input<Record<string, string>> | undefined {
    if (pulumi.Output.isInstance(stackTags) || stackTags instanceof Promise) {
        // Known only later: an empty mapping then stands for "none".
        return pulumi.output(stackTags).apply(tags => ({ ...tags, ...own }));
    }
    const tags = { ...(stackTags as Record<string, string>), ...own };
    return Object.keys(tags).length ? tags : undefined;
}

/** Whether there may be stack tags: plain ones that are not empty, or ones only known later. */
export function mayHaveTags(stackTags: StackTags): boolean {
    return pulumi.Output.isInstance(stackTags) || stackTags instanceof Promise || Object.keys(stackTags as Record<string, string>).length > 0;
}
