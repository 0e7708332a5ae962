/**
 * The AWS names a node group's config name ends up in, and how long the config name may therefore be. Pure.
 *
 * For a node group `<group>` of cluster `<cluster>`, OverlayNodeGroup (component name `<cluster>-<group>`)
 * creates:
 * - the EKS node group from `nodeGroupNamePrefix: "<group>-"`: the provider appends a 26-character unique
 *   suffix (terraform-provider-aws `id.PrefixedUniqueId`, and it refuses prefixes over 63 − 26 = 37
 *   characters), and EKS node group names are at most 63 characters;
 * - the launch template, auto-named by Pulumi `<cluster>-<group>-` plus 7 random characters; EC2 launch
 *   template names are at most 128 characters.
 * Both are only known to be too long when AWS or the provider refuses them during `up`, after the cluster
 * exists; so validation computes the limit from this layout.
 */

/** Label every node of a group carries, naming its group (defined with the other defaults). */
export { NODE_GROUP_LABEL } from "../config/defaults";

const EKS_NODE_GROUP_NAME_MAX = 63;
const UNIQUE_SUFFIX_LENGTH = 26;
const LAUNCH_TEMPLATE_NAME_MAX = 128;
const AUTONAME_SUFFIX_LENGTH = 8; // "-" and 7 random characters

/** The prefix the EKS node group's name is generated from. */
export function nodeGroupNamePrefix(groupName: string): string {
    return `${groupName}-`;
}

/** Pulumi name of a group's component (and the launch template's auto-name before its random suffix). */
export function nodeGroupComponentName(clusterName: string, groupName: string): string {
    return `${clusterName}-${groupName}`;
}

/** The longest node group name that fits every name derived from it, in a cluster of this name. */
export function maxNodeGroupNameLength(clusterName: string): { readonly max: number; readonly why: string } {
    const byNodeGroup = EKS_NODE_GROUP_NAME_MAX - UNIQUE_SUFFIX_LENGTH - nodeGroupNamePrefix("").length;
    const byLaunchTemplate = LAUNCH_TEMPLATE_NAME_MAX - AUTONAME_SUFFIX_LENGTH - nodeGroupComponentName(clusterName, "").length;
    return byLaunchTemplate < byNodeGroup
        ? { max: byLaunchTemplate, why: `its launch template is named "${clusterName}-<name>-" plus 7 random characters, and launch template names are at most ${LAUNCH_TEMPLATE_NAME_MAX} characters` }
        : {
              max: byNodeGroup,
              why: `its EKS node group is named "<name>-" plus a ${UNIQUE_SUFFIX_LENGTH}-character unique suffix, and node group names are at most ${EKS_NODE_GROUP_NAME_MAX} characters`,
          };
}
