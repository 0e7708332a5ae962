/**
 * The in-cluster half of CalicoEksCluster that a plain API server can host with the real engine: config
 * validation (the same resolveConfig as `pulumi up`) and the aws-node removal. The cluster's kubeconfig
 * comes from the `test:kubeconfig` secret.
 */
import * as pulumi from "@pulumi/pulumi";
import { AwsNodeRemoval } from "../../components/cluster/awsNodeRemoval";
import { resolveConfig } from "../../components/config/resolve";
import { stackConfig } from "../../components/program";

export async function inClusterProgram() {
    const config = resolveConfig(stackConfig());
    const kubeconfig = new pulumi.Config("test").requireSecret("kubeconfig");
    const removal = new AwsNodeRemoval("aws-node-removal", { kubeconfig });
    return { removedOnLastRun: removal.removedOnLastRun, podCidrs: config.ipPools.map(p => p.cidr) };
}
