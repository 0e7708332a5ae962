import { expect } from "chai";
import * as automationApi from "@pulumi/pulumi/automation";
import { CalicoEksStack, CalicoEksStackOptions, openStack, secret, StackLockedError, StackOptionError, configWrites, defaultWorkDir, validateStackConfig } from "../../automation/index";
import { main } from "../../automation/cli";
import { renderPlan } from "../../automation/plan";
import { projectDefaults, projectDir, stackFileConfig, stackFilePath, stackNames } from "../../automation/stackFiles";
import { parseStackName } from "../../automation/stackName";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigProblem, ConfigValidationError, formatProblem } from "../../components/config/problems";
import { FakePulumiCli, tempProject } from "../support/fakePulumiCli";
import { referenceChartsDir } from "../support/referenceCharts";
import * as pulumi from "@pulumi/pulumi";
import { calicoEksProgram } from "../../components/program";
import { runProgram } from "./mockHarness";
import { closest, editDistance } from "../../components/config/suggest";

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
        expect(() => validateStackConfig({ stackName: "staging", config: { serviceCidr: "172.20.0.0/16" } })).to.throw(
            ConfigValidationError,
            /teams\[0\]\.cidr.*overlaps 172\.20\.0\.0\/16 \(the service CIDR/,
        );
    });

    it("resolves a relative chartSource against workDir, not the calling process's cwd", () => {
        const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "calico-eks-charts-"));
        try {
            // A service keeps its charts beside its stack files; its own cwd is elsewhere.
            fs.symlinkSync(referenceChartsDir(), path.join(workDir, "charts"));
            expect(process.cwd()).to.not.equal(workDir);
            const config = validateStackConfig({ stackName: "svc", workDir, config: { chartSource: "charts" } });
            expect(config.chartSource).to.equal(path.join(workDir, "charts"));
        } finally {
            fs.rmSync(workDir, { recursive: true, force: true });
        }
    });

    it("gives the program workDir as the project directory for a relative chartSource", async () => {
        const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "calico-eks-program-"));
        try {
            fs.symlinkSync(referenceChartsDir(), path.join(workDir, "charts"));
            const { resources } = await runProgram(() => calicoEksProgram({ chartSource: "charts" }, { projectDir: workDir }));
            const operator = resources.ofType("kubernetes:helm.sh/v3:Release").find(r => /tigera-operator/.test(r.inputs.chart));
            expect(operator?.inputs.chart).to.equal(path.join(workDir, "charts", "tigera-operator-v3.31.2.tgz"));
        } finally {
            fs.rmSync(workDir, { recursive: true, force: true });
        }
    });

    it("refuses to keep stacks inside node_modules when no workDir is given", () => {
        expect(defaultWorkDir("/srv/platform")).to.equal("/srv/platform");
        expect(() => defaultWorkDir("/srv/svc/node_modules/calico-eks")).to.throw(StackOptionError, /Pass workDir/);
        expect(() => defaultWorkDir("C:\\svc\\node_modules\\calico-eks")).to.throw(StackOptionError, /inside node_modules/);
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
        const fake = {
            name: "dev",
            up: async () => {
                throw locked;
            },
        } as unknown as automationApi.Stack;
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
        const fake = {
            name: "dev",
            preview: async (opts: any) => {
                opts.onOutput("+ 3 to create\n");
                return { changeSummary: { create: 3 } };
            },
        } as unknown as automationApi.Stack;
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

describe("stack names (Pulumi's rules, checked before anything else)", () => {
    const refused: [string, unknown, RegExp][] = [
        ["empty", "", /it is empty/],
        ["a space and a bang", "bad name!", /may only contain letters, digits.*Use a name such as "bad-name"/],
        ["a path out of the project", "x/../../evil", /more than the three parts/],
        ["a relative path", "../../x", /the organization part "\.\." must start with a letter or digit/],
        ["a CLI flag", "-rf", /the stack part "-rf" must start with a letter or digit \(a leading "-" reads as a CLI flag.*Use a name such as "rf"/],
        ["a hidden file", ".hidden", /must start with a letter or digit/],
        ["200 characters", "a".repeat(200), /is 200 characters long; Pulumi allows at most 100/],
        ["another project", "organization/other/dev", /the project part is "other", but this project is "calico-eks"/],
        ["an organization a file backend does not know", "acme/calico-eks/dev", /a file backend knows only the organization "organization"/],
        ["not a string", 42, /it is empty/],
    ];
    for (const [what, name, message] of refused) {
        it(`refuses ${what}`, () => {
            expect(() => parseStackName(name, { fileBackend: true })).to.throw(StackOptionError, message);
        });
    }

    const accepted: [string, string, boolean, string][] = [
        ["a plain name", "dev", true, "dev"],
        ["letters, digits, -, _ and .", "team-a.prod_2", true, "team-a.prod_2"],
        ["100 characters", "a".repeat(100), true, "a".repeat(100)],
        ["the file backend's organization/project/stack", "organization/calico-eks/dev", true, "dev"],
        ["a cloud org/stack", "acme/prod", false, "prod"],
        ["a cloud org/project/stack", "acme/calico-eks/prod", false, "prod"],
    ];
    for (const [what, name, fileBackend, short] of accepted) {
        it(`accepts ${what}`, () => {
            expect(parseStackName(name, { fileBackend }).name).to.equal(short);
        });
    }

    it("never reads a stack file outside the project directory", async () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "calico-eks-escape-"));
        const project = path.join(root, "a", "project");
        fs.mkdirSync(project, { recursive: true });
        // Where "Pulumi.x/../../evil.yaml" would lead: a readable file with a bad config.
        fs.writeFileSync(path.join(root, "a", "evil.yaml"), "config:\n  calico-eks:vpcCidr: not-a-cidr\n");
        try {
            expect(() => stackFileConfig("x/../../evil", project)).to.throw(StackOptionError, /Invalid stack name "x\/\.\.\/\.\.\/evil"/);
            const error = await openStack({ stackName: "x/../../evil", workDir: project }).catch(err => err);
            expect(error).to.be.instanceOf(StackOptionError);
            expect(stackFilePath("organization/calico-eks/dev", project)).to.equal(path.join(project, "Pulumi.dev.yaml"));
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
        }
    });
});

describe("opening a stack through the CLI (a fake CLI records what reaches it)", () => {
    let cli: FakePulumiCli;
    let workDir: string;
    const saved = { ...process.env };

    beforeEach(() => {
        cli = new FakePulumiCli();
        workDir = tempProject(path.join(projectDir(), "Pulumi.yaml"));
        delete process.env.PULUMI_CONFIG_PASSPHRASE;
        delete process.env.PULUMI_CONFIG_PASSPHRASE_FILE;
        delete process.env.PULUMI_BACKEND_URL;
    });

    afterEach(() => {
        process.env = { ...saved };
        cli.remove();
        fs.rmSync(workDir, { recursive: true, force: true });
    });

    const open = (options: Partial<CalicoEksStackOptions>, binary = cli.install()) =>
        openStack({ stackName: "unit", workDir, pulumiPath: binary, envVars: cli.env, ...options } as CalicoEksStackOptions);

    it("runs exactly the binary named, also outside a <root>/bin layout", async () => {
        const binary = cli.install("opt/pulumi/pulumi");
        // What the SDK's root-based lookup would have run instead.
        expect(fs.existsSync(path.join(cli.root, "opt", "bin", "pulumi"))).to.equal(false);
        await open({ passphrase: "p" }, binary);
        expect(new Set(cli.state.calls.map(c => c.binary))).to.deep.equal(new Set([binary]));
        expect(cli.calls("stack", "init").map(c => c.args)).to.deep.equal([["stack", "init", "unit", "--secrets-provider", "passphrase"]]);
    });

    it("refuses a directory or a non-executable file as pulumiPath, naming what was given", async () => {
        const binary = cli.install("opt/pulumi/pulumi");
        const dir = path.dirname(binary);
        const directory = await open({ passphrase: "p" }, dir).catch(err => err);
        expect(directory).to.be.instanceOf(StackOptionError);
        expect(directory.message).to.equal(`pulumiPath ${dir} is a directory; give the pulumi binary itself, e.g. ${binary}.`);
        fs.chmodSync(binary, 0o644);
        const notExecutable = await open({ passphrase: "p" }, binary).catch(err => err);
        expect(notExecutable.message).to.match(new RegExp(`^pulumiPath ${binary} is not executable`));
        expect(fs.existsSync(path.join(workDir, ".pulumi-state"))).to.equal(false);
    });

    it("refuses to encrypt secrets with an empty passphrase, and passes a given one to the CLI", async () => {
        for (const attempt of [{}, { passphrase: "" }, { envVars: { ...cli.env, PULUMI_CONFIG_PASSPHRASE: "" } }]) {
            const error = await open(attempt).catch(err => err);
            expect(error, JSON.stringify(attempt)).to.be.instanceOf(StackOptionError);
            expect(error.message).to.match(/^No passphrase for stack "unit"'s secrets .*Set PULUMI_CONFIG_PASSPHRASE .*or pass the passphrase option.*An empty passphrase is refused/);
        }
        expect(cli.state.calls).to.deep.equal([]);
        process.env.PULUMI_CONFIG_PASSPHRASE = "from-env";
        await open({});
        expect(cli.calls("stack", "init")[0].passphrase).to.equal("from-env");
        await open({ passphrase: "from-option" });
        expect(cli.calls("config").pop()!.passphrase).to.equal("from-option");
    });

    it("lets the CLI read PULUMI_CONFIG_PASSPHRASE_FILE", async () => {
        const passphraseFile = path.join(workDir, "passphrase");
        fs.writeFileSync(passphraseFile, "from-file\n");
        process.env.PULUMI_CONFIG_PASSPHRASE_FILE = passphraseFile;
        await open({});
        expect(cli.calls("stack", "init")[0]).to.deep.include({ passphrase: null, passphraseFile });
    });

    it("takes the secrets provider as an option, without a passphrase", async () => {
        await open({ secretsProvider: "awskms://alias/pulumi-secrets?region=eu-west-1" });
        expect(cli.calls("stack", "init").map(c => c.args)).to.deep.equal([["stack", "init", "unit", "--secrets-provider", "awskms://alias/pulumi-secrets?region=eu-west-1"]]);
        expect(cli.calls("stack", "init")[0].passphrase).to.equal(null);
    });

    it("takes the secrets provider the stack file already names, and refuses a different one", async () => {
        fs.writeFileSync(path.join(workDir, "Pulumi.unit.yaml"), "secretsprovider: gcpkms://projects/p/locations/l/keyRings/r/cryptoKeys/k\nencryptedkey: ZmFrZQ==\n");
        await open({});
        expect(cli.calls("stack", "init")[0].args).to.deep.equal(["stack", "init", "unit", "--secrets-provider", "gcpkms://projects/p/locations/l/keyRings/r/cryptoKeys/k"]);
        const error = await open({ secretsProvider: "passphrase", passphrase: "p" }).catch(err => err);
        expect(error.message).to.match(/^secretsProvider "passphrase" differs from the one stack "unit" already uses \("gcpkms:.*pulumi stack change-secrets-provider --stack unit "passphrase"/);
    });

    it("refuses a secrets provider the CLI does not take; 'default' on a file backend needs the passphrase", async () => {
        for (const provider of ["kms://alias/x", "aws-kms", "awskms://"]) {
            const error = await open({ secretsProvider: provider }).catch(err => err);
            expect(error.message, provider).to.match(/is not one the Pulumi CLI takes: use "passphrase", "default"/);
        }
        expect((await open({ secretsProvider: "default" }).catch(err => err)).message).to.match(/^No passphrase/);
    });

    it("refuses a missing workDir and creates nothing", async () => {
        const missing = path.join(workDir, "typo");
        const error = await open({ workDir: missing, passphrase: "p" }).catch(err => err);
        expect(error.message).to.equal(`workDir ${missing} does not exist. Create it first (it holds Pulumi.yaml and the stack files), or give the project directory.`);
        expect(fs.existsSync(missing)).to.equal(false);
    });

    it("creates the state directory only when the stack is opened, and a failed call leaves nothing behind", async () => {
        const bad = await open({ passphrase: "p", config: { vpcCidr: "not-a-cidr" } }).catch(err => err);
        expect(bad).to.be.instanceOf(ConfigValidationError);
        expect(fs.readdirSync(workDir)).to.deep.equal(["Pulumi.yaml"]);
        // The stack file's secret, decrypted by the CLI, is invalid: found after the stack was created.
        const binary = cli.install("bin/pulumi", { config: { "calico-eks:nodeGroups": { value: JSON.stringify([{ name: "a", maxPods: 999 }]), secret: true } } });
        const late = await open({ passphrase: "p" }, binary).catch(err => err);
        expect(late).to.be.instanceOf(ConfigValidationError);
        expect(late.message).to.match(/nodeGroups\[0\]\.maxPods/);
        expect(cli.calls("stack", "rm").map(c => c.args)).to.deep.equal([["stack", "rm", "--yes", "--force", "unit"]]);
        expect(cli.state.stacks).to.deep.equal([]);
        expect(fs.readdirSync(workDir)).to.deep.equal(["Pulumi.yaml"]);
        // A good call keeps what it made.
        const stack = await open({ passphrase: "p" }, cli.install());
        expect(stack.name).to.equal("unit");
        expect(fs.readdirSync(workDir).sort()).to.deep.equal([".pulumi-state", "Pulumi.unit.yaml", "Pulumi.yaml"]);
    });

    it("reopens a stack whose file holds secure: values, validating them as the CLI decrypts them", async () => {
        // What openStack writes for secret({ ... }) values: secure leaves.
        fs.writeFileSync(
            path.join(workDir, "Pulumi.unit.yaml"),
            [
                "encryptionsalt: v1:fake",
                "config:",
                "  aws:region: us-west-2",
                "  calico-eks:externalDnsDomainFilters:",
                "    - secure: v1:AAAA",
                "  calico-eks:clusterName:",
                "    secure: v1:BBBB",
                "",
            ].join("\n"),
        );
        const warnings: ConfigProblem[] = [];
        const planned = validateStackConfig({ stackName: "unit", workDir }, warnings);
        expect(planned.controlPlane.clusterName).to.equal("calico-eks");
        expect(warnings.map(formatProblem)).to.deep.equal(
            ["externalDnsDomainFilters", "clusterName"].map(
                k =>
                    `calico-eks:${k}: is a secret in Pulumi.unit.yaml; without the Pulumi CLI it cannot be decrypted, so it is not checked here and its default stands in for it. Fix: preview and up decrypt and check it`,
            ),
        );
        const binary = cli.install("bin/pulumi", {
            stacks: ["unit"],
            config: {
                "aws:region": { value: "us-west-2", secret: false },
                "calico-eks:externalDnsDomainFilters": { value: '["internal.example.com"]', secret: true },
                "calico-eks:clusterName": { value: "secret-name", secret: true },
            },
        });
        const stack = await open({ passphrase: "p" }, binary);
        expect(stack.config.controlPlane.clusterName).to.equal("secret-name");
        expect(stack.config.addons.externalDns.domainFilters).to.deep.equal(["internal.example.com"]);
        expect(cli.calls("stack", "init")).to.deep.equal([]);
    });
});

describe("stack files: what the program never reads is named", () => {
    let dir: string;
    beforeEach(() => (dir = tempProject(path.join(projectDir(), "Pulumi.yaml"))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const warningsOf = (content: string): string[] => {
        fs.writeFileSync(path.join(dir, "Pulumi.w.yaml"), content);
        return stackFileConfig("w", dir).warnings.map(formatProblem);
    };

    const cases: [string, string, RegExp][] = [
        [
            "a key set with and without namespace",
            "config:\n  clusterName: a\n  calico-eks:clusterName: b\n",
            /^calico-eks:clusterName: Pulumi\.w\.yaml sets both "clusterName" and "calico-eks:clusterName"; the Pulumi CLI takes the value of "clusterName"\. Fix: keep one of them in Pulumi\.w\.yaml$/,
        ],
        [
            "calico_eks:",
            "config:\n  calico_eks:clusterName: a\n",
            /^calico-eks:clusterName: "calico_eks:clusterName" in Pulumi\.w\.yaml is in namespace "calico_eks", not "calico-eks".*Fix: pulumi config rm 'calico_eks:clusterName' && pulumi config set 'calico-eks:clusterName' a$/,
        ],
        ["calicoeks:", "config:\n  calicoeks:vpcCidr: 10.0.0.0/16\n", /namespace "calicoeks", not "calico-eks"/],
        ["Calico-EKS:", "config:\n  Calico-EKS:natGateways: perAz\n", /namespace "Calico-EKS"/],
        ["calico-ek:", "config:\n  calico-ek:ipPools:\n    - cidr: 172.16.0.0/16\n", /Fix: rename "calico-ek:ipPools" to "calico-eks:ipPools" in the stack file$/],
        [
            "a config key outside config:",
            "calico-eks:clusterName: a\nconfig: {}\n",
            /^calico-eks:clusterName: "calico-eks:clusterName" is at the top level of Pulumi\.w\.yaml, outside config:, so it is ignored\. Fix: indent it under config:/,
        ],
        ["configs: for config:", "configs:\n  calico-eks:clusterName: a\n", /"configs" at the top level of Pulumi\.w\.yaml is not a stack file setting.*Fix: did you mean "config:"\?/],
    ];
    for (const [what, content, warning] of cases) {
        it(`warns about ${what}`, () => {
            const warnings = warningsOf(content);
            expect(warnings).to.have.length(1);
            expect(warnings[0]).to.match(warning);
        });
    }

    it("reads a key without namespace as this project's, as the Pulumi CLI does", () => {
        expect(warningsOf("config:\n  clusterName: a\n  calico-eks:vpcCidr: 10.0.0.0/16\n  vpcCidr: 10.1.0.0/16\n  natGateways:\n    secure: v1:x\n")).to.have.length(1);
        const file = stackFileConfig("w", dir);
        expect(file.project).to.deep.equal({ clusterName: "a", vpcCidr: "10.1.0.0/16" });
        expect(file.secretKeys).to.deep.equal(["natGateways"]);
        expect(file.other).to.deep.equal({});
    });

    it("leaves other programs' namespaces and the stack file's own settings alone", () => {
        expect(
            warningsOf(
                "secretsprovider: passphrase\nencryptionsalt: v1:x\nenvironment: [a]\nconfig:\n  aws:region: us-west-2\n  kubernetes:context: x\n  pulumi:tags: {}\n  eks:x: y\n  calico-eks:clusterName: a\n",
            ),
        ).to.deep.equal([]);
    });

    it("names the file of a YAML syntax error, with line and column", () => {
        fs.writeFileSync(path.join(dir, "Pulumi.broken.yaml"), "config:\n  calico-eks:ipPools:\n    - cidr: [172.16.0.0/16\n");
        expect(() => stackFileConfig("broken", dir)).to.throw(StackOptionError, new RegExp(`^${path.join(dir, "Pulumi.broken.yaml").replace(/[./]/g, "\\$&")}: invalid YAML: .*\\(\\d+:\\d+\\)`));
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: calico-eks\nconfig:\n  a: [\n");
        expect(() => projectDefaults(dir)).to.throw(StackOptionError, /Pulumi\.yaml: invalid YAML/);
    });
});

describe("npm commands (cli.ts)", () => {
    let dir: string;
    let logged: string[];
    let errors: string[];
    const consoleLog = console.log;
    const consoleError = console.error;

    beforeEach(() => {
        dir = tempProject(path.join(projectDir(), "Pulumi.yaml"));
        fs.copyFileSync(path.join(projectDir(), "Pulumi.dev.yaml"), path.join(dir, "Pulumi.dev.yaml"));
        [logged, errors] = [[], []];
        console.log = (line: string) => logged.push(line);
        console.error = (line: string) => errors.push(line);
    });

    afterEach(() => {
        [console.log, console.error] = [consoleLog, consoleError];
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("plan of a stack without a file fails, naming the file and the stacks there", async () => {
        expect(await main(["plan", "--stack", "dve", "--dir", dir])).to.equal(1);
        expect(errors).to.deep.equal([`Stack "dve" has no stack file: ${path.join(dir, "Pulumi.dve.yaml")} does not exist. Stacks with a file there: dev.`]);
        expect(logged).to.deep.equal([]);
    });

    it("plan refuses a stack name that reaches outside the project", async () => {
        expect(await main(["plan", "--stack", "../../x", "--dir", dir])).to.equal(1);
        expect(errors[0]).to.match(/^Invalid stack name "\.\.\/\.\.\/x"/);
        expect(await main(["plan", "--stack=organization/calico-eks/dev", "--dir", dir])).to.equal(0);
    });

    it("plan lists the stack file's warnings", async () => {
        fs.appendFileSync(path.join(dir, "Pulumi.dev.yaml"), "  calico_eks:clusterName: typo\n");
        expect(await main(["plan", "--stack", "dev", "--dir", dir])).to.equal(0);
        expect(logged.join("\n")).to.match(/## Warnings\n- calico-eks:clusterName: "calico_eks:clusterName" in Pulumi\.dev\.yaml is in namespace "calico_eks"/);
    });

    it("prints known errors alone and unexpected ones with their stack trace", async () => {
        expect(await main(["plan", "--stack", "dve", "--dir", dir])).to.equal(1);
        expect(errors[0]).to.not.match(/\n\s+at /);
        // A stack file that is a directory: nothing the module expects.
        fs.mkdirSync(path.join(dir, "Pulumi.odd.yaml"));
        expect(await main(["plan", "--stack", "odd", "--dir", dir])).to.equal(1);
        expect(errors[1]).to.match(/EISDIR[^]*\n\s+at .*stackFiles/);
    });
});

describe("the program (components/program.ts)", () => {
    it("warns, as up starts, about config in a namespace one typo from calico-eks:", async () => {
        const saved = pulumi.runtime.allConfig();
        const warn = pulumi.log.warn;
        const logged: string[] = [];
        (pulumi.log as { warn: (message: string) => Promise<void> }).warn = async (message: string) => void logged.push(message);
        pulumi.runtime.setAllConfig({ ...saved, "calico_eks:clusterName": "typo", "aws:region": "us-west-2" });
        try {
            await runProgram(() => calicoEksProgram({}));
        } finally {
            pulumi.runtime.setAllConfig(saved);
            (pulumi.log as { warn: typeof warn }).warn = warn;
        }
        expect(logged).to.deep.equal([
            `calico-eks:clusterName: "calico_eks:clusterName" in the stack's config is in namespace "calico_eks", not "calico-eks", so this program never reads it. Fix: pulumi config rm 'calico_eks:clusterName' && pulumi config set 'calico-eks:clusterName' typo`,
        ]);
    });
});

describe("suggestions by edit distance", () => {
    const distances: [string, string, number][] = [
        ["metricServerPort", "metricsServerPort", 1],
        ["clustername", "clusterName", 0],
        ["kubernetesVerison", "kubernetesVersion", 1],
        ["cidr", "cidr", 0],
        ["", "abc", 3],
    ];
    for (const [a, b, d] of distances) {
        it(`${JSON.stringify(a)} → ${JSON.stringify(b)}: ${d}`, () => expect(editDistance(a, b)).to.equal(d));
    }

    it("suggests the nearest key, not the one sharing a prefix, and nothing when none is close", () => {
        const keys = ["metricsServerEnabled", "metricsServerVersion", "metricsServerPort"];
        expect(closest("metricServerPort", keys)).to.equal("metricsServerPort");
        expect(closest("metrics", keys)).to.equal(undefined);
        expect(closest("foo", ["name", "cidr"])).to.equal(undefined);
        expect(closest("nmae", ["name", "cidr"])).to.equal("name");
    });
});
