import { expect } from "chai";
import * as automationApi from "@pulumi/pulumi/automation";
import { CalicoEksStack, openStack, secret, StackLockedError, configWrites, validateStackConfig } from "../../automation/index";
import { main } from "../../automation/cli";
import { renderPlan } from "../../automation/plan";
import { projectDir, stackFileConfig, stackNames } from "../../automation/stackFiles";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigValidationError } from "../../components/config/problems";

describe("automation module", () => {
    it("rejects a bad request with the config validation's message before the CLI is touched", async () => {
        let error: unknown;
        try {
            // The CLI path does not exist: reaching it would fail differently.
            // Typed callers cannot even write IPIP; a request decoded from JSON can.
            const fromJson = JSON.parse('{ "ipPools": [{ "encapsulation": "IPIP" }] }');
            await openStack({ stackName: "unit-bad", config: fromJson, pulumiPath: "/nonexistent/bin/pulumi" });
        } catch (err) {
            error = err;
        }
        expect(error).to.be.instanceOf(ConfigValidationError);
        expect((error as Error).message).to.include("calico-eks:ipPools[0].encapsulation: IPIP encapsulation needs BGP");
    });

    it("says where the Pulumi CLI was looked for when it is missing, and downloads nothing", async () => {
        const path = process.env.PATH;
        process.env.PATH = "";
        try {
            await openStack({ stackName: "unit-no-cli" });
            expect.fail("should have thrown");
        } catch (err) {
            expect((err as Error).message).to.match(/^The Pulumi CLI was not found on PATH\. .*pass pulumiPath .*never downloaded/);
        } finally {
            process.env.PATH = path;
        }
        let message = "";
        await openStack({ stackName: "unit-no-cli", pulumiPath: "/nonexistent/bin/pulumi" }).catch(err => (message = err.message));
        expect(message).to.match(/^The Pulumi CLI was not found at \/nonexistent\/bin\/pulumi\./);
    });

    it("validates the stack file's config merged with the request", () => {
        const config = validateStackConfig({ stackName: "staging", config: { clusterName: "override" } });
        expect(config.controlPlane.clusterName).to.equal("override");
        expect(config.teams.map(t => t.name)).to.deep.equal(["payments", "search"]);
        expect(() => validateStackConfig({ stackName: "staging", config: { serviceCidr: "172.20.0.0/16" } })).to.throw(ConfigValidationError, /teams\[0\]\.cidr.*overlaps 172\.20\.0\.0\/16 \(the service CIDR/);
    });

    it("passes config namespaced, lists and objects structured, secrets marked secret", () => {
        const writes = configWrites({
            config: {
                clusterName: "a",
                availabilityZoneCount: 2,
                ipPools: [{ cidr: "172.16.0.0/16" }],
                externalDnsDomainFilters: secret(["internal.example.com"]),
                nodeGroups: secret([{ name: "gpu", labels: { "node.kubernetes.io/role": "gpu" }, maxPods: 50 }]),
            },
            providerConfig: { "aws:region": "eu-west-1", "aws:profile": secret("prod") },
        });
        expect(writes.json).to.deep.equal({
            "calico-eks:clusterName": { value: "a", secret: false },
            "calico-eks:availabilityZoneCount": { value: "2", secret: false },
            "calico-eks:ipPools": { value: '[{"cidr":"172.16.0.0/16"}]', secret: false, objectValue: [{ cidr: "172.16.0.0/16" }] },
            "aws:region": { value: "eu-west-1", secret: false },
            "aws:profile": { value: "prod", secret: true },
        });
        expect(writes.secretPaths).to.deep.equal([
            ["calico-eks:externalDnsDomainFilters[0]", "internal.example.com"],
            ['calico-eks:nodeGroups[0]["name"]', "gpu"],
            ['calico-eks:nodeGroups[0]["labels"]["node.kubernetes.io/role"]', "gpu"],
            ['calico-eks:nodeGroups[0]["maxPods"]', "50"],
        ]);
    });

    it("turns a lock conflict into a StackLockedError that says what to do", async () => {
        // Built the way the SDK builds it from a failed CLI run.
        const { CommandResult } = require("@pulumi/pulumi/automation/cmd");
        const result = new CommandResult("", "error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end", 255);
        const locked = new (automationApi.ConcurrentUpdateError as any)(result);
        const fake = { name: "dev", up: async () => { throw locked; } } as unknown as automationApi.Stack;
        const stack = new CalicoEksStack(fake, validateStackConfig({ stackName: "dev" }));
        let error: unknown;
        try {
            await stack.up();
        } catch (err) {
            error = err;
        }
        expect(error).to.be.instanceOf(StackLockedError);
        expect((error as Error).message).to.match(/stack "dev" is locked by another update .*locked by 1 lock/);
    });

    it("streams progress lines to the caller", async () => {
        const lines: string[] = [];
        const fake = { name: "dev", preview: async (opts: any) => { opts.onOutput("+ 3 to create\n"); return { changeSummary: { create: 3 } }; } } as unknown as automationApi.Stack;
        const stack = new CalicoEksStack(fake, validateStackConfig({ stackName: "dev" }));
        const result = await stack.preview({ onOutput: l => lines.push(l), expectNoChanges: false });
        expect(lines).to.deep.equal(["+ 3 to create\n"]);
        expect(result.changeSummary).to.deep.equal({ create: 3 });
    });
});

describe("plan command", () => {
    it("finds the example stacks", () => {
        expect(stackNames()).to.include.members(["dev", "staging"]);
        expect(stackFileConfig("dev").other).to.deep.equal({ "aws:region": "us-west-2" });
    });

    it("prints the dev stack's IP plan, ports and steps", () => {
        const text = renderPlan("dev", validateStackConfig({ stackName: "dev" }));
        expect(text).to.match(/clusterName: my-calico-cluster/);
        expect(text).to.match(/AZ 3 +192\.168\.64\.0\/19 +192\.168\.160\.0\/19/);
        expect(text).to.match(/default-ipv4-ippool +172\.16\.0\.0\/16 +65536 +\/26 +1024 +2 +512/);
        expect(text).to.match(/TCP\/10250 +kubelet/);
        expect(text).to.match(/TCP\/4443 +metrics-server .* metricsServerPort/);
        expect(text).to.include("no clashes");
        expect(text).to.include("also on the host network, binding no port: tigera-operator");
        expect(text).to.match(/3\. delete the aws-node DaemonSet if present\n4\. install tigera-operator v3\.31\.2/);
    });

    it("prints each team's pool for the staging stack", () => {
        const text = renderPlan("staging", validateStackConfig({ stackName: "staging" }));
        expect(text).to.match(/payments-pool +172\.20\.0\.0\/20 +4096 +\/26 +64 +2 +32 +team payments: payments-api, payments-workers/);
        expect(text).to.match(/search-pool +172\.20\.16\.0\/20 +4096 +\/27 +128 +4 +32/);
        expect(text).to.include("create team namespaces: payments-api, payments-workers, search");
        expect(text).to.match(/TCP\/10260 +cert-manager/);
    });

    it("prints the plan and exits 0, exits 1 with the validation errors, and 2 without a stack", async () => {
        const logged: string[] = [];
        const errors: string[] = [];
        const [log, error] = [console.log, console.error];
        console.log = (line: string) => logged.push(line);
        console.error = (line: string) => errors.push(line);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "calico-eks-plan-"));
        fs.copyFileSync(path.join(projectDir(), "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        fs.writeFileSync(path.join(dir, "Pulumi.broken.yaml"), "config:\n  calico-eks:ipPools:\n    - cidr: 192.168.0.0/20\n");
        try {
            expect(await main(["plan", "--stack", "dev"])).to.equal(0);
            expect(await main(["plan", "--stack", "broken", "--dir", dir])).to.equal(1);
            expect(await main([])).to.equal(2);
        } finally {
            [console.log, console.error] = [log, error];
            fs.rmSync(dir, { recursive: true, force: true });
        }
        expect(logged.join("\n")).to.include('# calico-eks plan for stack "dev"');
        expect(errors[0]).to.match(/calico-eks:ipPools\[0\]\.cidr: 192\.168\.0\.0\/20 \(pool "default-ipv4-ippool"\) overlaps 192\.168\.0\.0\/16 \(the VPC/);
        expect(errors[1]).to.include("usage: npm run");
    });
});
