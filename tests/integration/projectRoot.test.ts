/**
 * A relative `chartSource` is resolved against the project directory, which the program asks the engine for
 * (components/program.ts). This checks, on the real engine, that an inline Automation API program — the way
 * other services run calico-eks, in their own process with their own cwd — is told its workDir.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as automation from "@pulumi/pulumi/automation";
import { engineEnv, engineWorkDir } from "./engineStack";
import { toolchainBin } from "./toolchain";

describe("project directory of an inline program on the real engine", function () {
    let workDir: string;

    before(function () {
        this.timeout(60 * 60_000);
        workDir = engineWorkDir();
    });

    after(() => fs.rmSync(workDir, { recursive: true, force: true }));

    it("is the workspace's workDir, not the calling process's cwd", async function () {
        this.timeout(120_000);
        const bin = toolchainBin();
        const stack = await automation.LocalWorkspace.createOrSelectStack(
            { stackName: "root", projectName: "calico-eks", program: async () => ({ root: pulumi.runtime.getRootDirectory() }) },
            {
                workDir,
                pulumiCommand: await automation.PulumiCommand.get({ root: path.dirname(bin) }),
                secretsProvider: "passphrase",
                envVars: {
                    PULUMI_BACKEND_URL: `file://${path.join(workDir, "state")}`,
                    PULUMI_CONFIG_PASSPHRASE: "integration",
                    PULUMI_SKIP_UPDATE_CHECK: "true",
                    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
                    ...engineEnv(bin),
                },
            },
        );
        expect(process.cwd()).to.not.equal(workDir);
        const result = await stack.up();
        expect(fs.realpathSync(result.outputs.root.value)).to.equal(fs.realpathSync(workDir));
        await stack.destroy();
    });
});
