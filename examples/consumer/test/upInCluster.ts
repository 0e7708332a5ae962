/**
 * Deploys the in-cluster half of this example (InClusterPlatform) to a real cluster with the Pulumi Automation
 * API, the program inline (so it needs no Node.js language host), and prints the stack outputs as JSON:
 *
 *   KUBECONFIG_FILE=... STATE_DIR=... PULUMI_CONFIG_PASSPHRASE=... node bin/test/upInCluster.js up|destroy
 *
 * CHARTS_DIR names a directory of packaged charts (calico-eks's chartSource); PULUMI_ROOT the directory holding
 * bin/pulumi (default: the pulumi on PATH). Nothing is downloaded: plugins must be installed or on PATH.
 */
import * as fs from "fs";
import * as path from "path";
import * as automation from "@pulumi/pulumi/automation";
import { InClusterPlatform } from "../inClusterPlatform";

async function main(command: string): Promise<void> {
    const kubeconfig = fs.readFileSync(process.env.KUBECONFIG_FILE!, "utf8");
    const workDir = path.resolve(__dirname, "..", "..");
    const program = async () => {
        const platform = new InClusterPlatform("apps", {
            kubeconfig,
            clusterName: "apps",
            region: "us-west-2",
            vpcId: "vpc-0123456789abcdef0",
            appNamespace: "apps",
            chartSource: process.env.CHARTS_DIR ?? "",
            // Where no node runs pods, nothing becomes ready.
            waitForReady: process.env.WAIT_FOR_READY !== "false",
        });
        return { calicoVersion: platform.calico.operator.version, appNamespace: platform.appNamespace.metadata.name, removedAwsNode: platform.calico.awsNodeRemoval.removedOnLastRun };
    };
    const stack = await automation.LocalWorkspace.createOrSelectStack(
        { stackName: "in-cluster", projectName: "apps-platform", program },
        {
            workDir,
            pulumiCommand: process.env.PULUMI_ROOT ? await automation.PulumiCommand.get({ root: process.env.PULUMI_ROOT }) : undefined,
            secretsProvider: "passphrase",
            envVars: {
                PULUMI_BACKEND_URL: `file://${process.env.STATE_DIR}`,
                PULUMI_SKIP_UPDATE_CHECK: "true",
                PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            },
        },
    );
    if (command === "destroy") {
        const result = await stack.destroy();
        process.stdout.write(JSON.stringify({ result: result.summary.result }));
        return;
    }
    const result = await stack.up();
    process.stdout.write(
        JSON.stringify({ result: result.summary.result, changes: result.summary.resourceChanges, outputs: Object.fromEntries(Object.entries(result.outputs).map(([k, v]) => [k, v.value])) }),
    );
}

main(process.argv[2] ?? "up").catch(err => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
});
