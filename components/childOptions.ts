import * as pulumi from "@pulumi/pulumi";

type DependsOn = pulumi.ComponentResourceOptions["dependsOn"];

/**
 * Options for a component's child: parented to the component, and carrying the two options that Pulumi
 * does not pass from a component to its children:
 * - `dependsOn`: what the component waits for, its resources must wait for (a child's own `dependsOn`
 *   in `extra` is added to it, never put in its place);
 * - `deletedWith`: what the component is deleted with, its resources are deleted with; in-cluster
 *   components get the cluster there, so destroying the whole cluster does not delete them one by one (a
 *   Helm pre-delete hook would wait for a node that is already gone). A child's own `deletedWith` wins.
 * Providers need no help: children find them through their parent.
 */
export function childOptions(parent: pulumi.Resource, parentOpts: pulumi.ComponentResourceOptions | undefined, extra?: pulumi.CustomResourceOptions): pulumi.CustomResourceOptions {
    return {
        ...extra,
        parent,
        deletedWith: extra?.deletedWith ?? parentOpts?.deletedWith,
        dependsOn: allOf(parentOpts?.dependsOn, extra?.dependsOn),
    };
}

/** Both `dependsOn` lists as one, whatever form (single, list, output of a list) each came in. */
export function allOf(first: DependsOn, second: DependsOn): DependsOn {
    if (first === undefined || second === undefined) {
        return first ?? second;
    }
    const asList = (d: pulumi.Input<pulumi.Input<pulumi.Resource>[]> | pulumi.Input<pulumi.Resource>) => pulumi.output(d).apply(v => (Array.isArray(v) ? v : [v]));
    return pulumi.all([asList(first), asList(second)]).apply(([a, b]) => [...a, ...b]);
}
