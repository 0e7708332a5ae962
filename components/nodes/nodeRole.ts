/**
 * The IAM role every overlay node group's instances assume. Unlike a VPC CNI node role it carries no
 * AmazonEKS_CNI_Policy: Calico assigns pod addresses itself and never touches ENIs.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { childOptions } from "../childOptions";

/** Managed policies attached to the node role, and why. */
export const NODE_ROLE_POLICIES: Record<string, string> = {
    // Lets the kubelet describe the cluster and join it.
    worker: "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    // Lets the container runtime pull images from ECR (EKS add-on images live there).
    ecr: "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
    // Lets operators reach nodes through Session Manager instead of SSH keys.
    ssm: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
};

export class NodeRole extends pulumi.ComponentResource {
    public readonly role: aws.iam.Role;
    public readonly arn: pulumi.Output<string>;

    constructor(name: string, opts?: pulumi.ComponentResourceOptions) {
        super("calico-eks:nodes:NodeRole", name, {}, opts);
        this.role = new aws.iam.Role(
            name,
            {
                assumeRolePolicy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
                }),
            },
            // Nothing the role takes comes from another resource: only dependsOn makes it wait.
            childOptions(this, opts),
        );
        for (const [purpose, policyArn] of Object.entries(NODE_ROLE_POLICIES)) {
            new aws.iam.RolePolicyAttachment(`${name}-${purpose}`, { role: this.role.name, policyArn }, childOptions(this, opts));
        }
        this.arn = this.role.arn;
        this.registerOutputs({ arn: this.arn });
    }
}
