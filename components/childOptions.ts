import * as pulumi from "@pulumi/pulumi";

/**
 * Options for a component's child: parented to the component, and carrying the two options that Pulumi
 * does not pass from a component to its children:
 * - `dependsOn`: what the component waits for, its resources must wait for;
 * - `deletedWith`: in-cluster resources get the cluster there, so destroying the whole cluster does not
 *   delete them one by one (a Helm pre-delete hook would wait for a node that is already gone).
 * Providers need no help: children find them through their parent.
 */
export function childOptions(parent: pulumi.Resource, parentOpts: pulumi.ComponentResourceOptions | undefined, extra?: pulumi.CustomResourceOptions): pulumi.CustomResourceOptions {
    return { parent, deletedWith: parentOpts?.deletedWith, dependsOn: parentOpts?.dependsOn, ...extra };
}
