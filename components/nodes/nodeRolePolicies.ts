/**
 * The managed policies of the node role, apart from the role itself so that the plan can show them without
 * loading the Pulumi SDK. Pure.
 */

/** Managed policies attached to the node role, by purpose, and why. */
export function nodeRolePolicies(ssmAccess: boolean): Record<string, string> {
    return {
        // Lets the kubelet describe the cluster and its node (DescribeCluster, ec2:Describe*) to join it.
        worker: "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
        // Lets the container runtime pull images from ECR (kube-proxy, CoreDNS and the add-ons' images live
        // there): pulling only, where ReadOnly also lists and describes every repository of the account.
        ecr: "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
        // Lets operators reach nodes through Session Manager instead of SSH keys and an open port.
        ...(ssmAccess ? { ssm: "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore" } : {}),
    };
}
