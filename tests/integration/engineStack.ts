/**
 * A stack of the in-cluster program on the real engine: the built Pulumi CLI, a local file backend, the
 * project's own Pulumi.yaml, nothing downloaded. Shared by the integration tests and the benchmark.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as automation from "@pulumi/pulumi/automation";
import { projectDir } from "../../automation/stackFiles";
import { inClusterProgram } from "./inClusterProgram";

/** A project directory holding the project's Pulumi.yaml and a state directory. */
export function engineWorkDir(): string {
    const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "calico-eks-engine-"));
    // The real CLI checks the config declarations of Pulumi.yaml on every operation.
    fs.copyFileSync(path.join(projectDir(), "Pulumi.yaml"), path.join(workDir, "Pulumi.yaml"));
    // Pulumi.yaml names index.ts as the program and the CLI checks it exists; the program here runs inline.
    fs.writeFileSync(path.join(workDir, "index.ts"), "// The program runs inline through the Automation API.\n");
    fs.mkdirSync(path.join(workDir, "state"));
    return workDir;
}

/**
 * Environment the CLI and its plugins need here: node ≥ 22 and the dynamic-provider plugin on PATH. The node is the
 * one running these tests (the launcher, tools/node/run.js, picked it), first, as the plugin starts `node` from PATH.
 */
export function engineEnv(bin: string): Record<string, string> {
    const root = projectDir();
    return {
        PATH: [path.dirname(process.execPath), path.join(root, "node_modules", ".bin"), path.join(root, "node_modules", "@pulumi", "pulumi"), bin, process.env.PATH].join(path.delimiter),
        NODE_PATH: path.join(root, "node_modules"),
    };
}

export async function engineStack(bin: string, workDir: string, kubeconfig: string, name: string, config: Record<string, unknown> = {}): Promise<automation.Stack> {
    const stack = await automation.LocalWorkspace.createOrSelectStack(
        { stackName: name, projectName: "calico-eks", program: inClusterProgram },
        {
            workDir,
            pulumiCommand: await automation.PulumiCommand.get({ root: path.dirname(bin) }),
            secretsProvider: "passphrase",
            envVars: {
                PULUMI_BACKEND_URL: `file://${path.join(workDir, "state")}`,
                PULUMI_CONFIG_PASSPHRASE: "integration",
                PULUMI_SKIP_UPDATE_CHECK: "true",
                // Nothing may be downloaded: every plugin is local.
                PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
                // node ≥ 22, and pulumi-resource-pulumi-nodejs (the dynamic provider plugin) from @pulumi/pulumi.
                ...engineEnv(bin),
            },
        },
    );
    await stack.setConfig("test:kubeconfig", { value: kubeconfig, secret: true });
    for (const [key, value] of Object.entries(config)) {
        await stack.setConfig(`calico-eks:${key}`, { value: typeof value === "string" ? value : JSON.stringify(value) });
    }
    return stack;
}

/** The DaemonSet a default-bootstrap EKS cluster runs: the AWS VPC CNI. */
export const AWS_NODE_DAEMONSET = {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name: "aws-node", namespace: "kube-system", labels: { "k8s-app": "aws-node" } },
    spec: {
        selector: { matchLabels: { "k8s-app": "aws-node" } },
        template: {
            metadata: { labels: { "k8s-app": "aws-node" } },
            spec: { hostNetwork: true, containers: [{ name: "aws-node", image: "602401143452.dkr.ecr.us-west-2.amazonaws.com/amazon-k8s-cni:v1.20.0" }] },
        },
    },
};
export const AWS_NODE_PATH = "/apis/apps/v1/namespaces/kube-system/daemonsets/aws-node";
export const DAEMONSETS_PATH = "/apis/apps/v1/namespaces/kube-system/daemonsets";
