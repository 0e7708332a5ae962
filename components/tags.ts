/**
 * Tags on AWS resources: the stack's `tags` (cost allocation, ownership) under the tags the program sets
 * itself. The program's own win, because they are functional: `kubernetes.io/cluster/<name>` and the
 * `kubernetes.io/role/*` subnet tags are how the load balancer controller finds subnets, and `Name` tells
 * the resources apart in the console. Pure.
 */

/**
 * The stack's tags plus the resource's own, its own winning on the same key; undefined when there are none,
 * so a stack without tags registers its resources exactly as before tags existed (no update on upgrade).
 */
export function withTags(stackTags: Record<string, string>, own: Record<string, string> = {}): Record<string, string> | undefined {
    const tags = { ...stackTags, ...own };
    return Object.keys(tags).length ? tags : undefined;
}
