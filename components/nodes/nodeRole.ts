/**
 * The IAM role every overlay node group's instances assume: only the managed policies a node needs. Unlike a
 * VPC CNI node role it carries no AmazonEKS_CNI_Policy: Calico assigns pod addresses itself and never touches
 * ENIs (and overlay pods cannot reach the role anyway: IMDS hop limit 1; add-ons get roles through IRSA).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { childOptions } from "../childOptions";
import { StackTags, withTags } from "../tags";
import { nodeRolePolicies } from "./nodeRolePolicies";

export interface NodeRoleArgs {
    /** Attach AmazonSSMManagedInstanceCore. */
    readonly ssmAccess: boolean;
    /** The stack's tags. */
    readonly tags: StackTags;
}

export class NodeRole extends pulumi.ComponentResource {
    public readonly role: aws.iam.Role;
    public readonly arn: pulumi.Output<string>;

    constructor(name: string, args: NodeRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("calico-eks:nodes:NodeRole", name, {}, opts);
        this.role = new aws.iam.Role(
            name,
            {
                assumeRolePolicy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
                }),
                tags: withTags(args.tags),
            },
            // Nothing the role takes comes from another resource: only dependsOn makes it wait.
            childOptions(this, opts),
        );
        for (const [purpose, policyArn] of Object.entries(nodeRolePolicies(args.ssmAccess))) {
            new aws.iam.RolePolicyAttachment(`${name}-${purpose}`, { role: this.role.name, policyArn }, childOptions(this, opts));
        }
        this.arn = this.role.arn;
        this.registerOutputs({ arn: this.arn });
    }
}
