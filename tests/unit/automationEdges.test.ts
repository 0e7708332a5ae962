/**
 * The Automation API module and the npm commands tried as a user and a calling service would: odd backend URLs,
 * passphrase files, binaries that are not the Pulumi CLI, mistyped commands and options, stale compiled files.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { CalicoEksStackOptions, openStack, StackOptionError } from "../../automation/index";
import { main } from "../../automation/cli";
import { projectDir } from "../../automation/stackFiles";
import { FakePulumiCli, tempProject } from "../support/fakePulumiCli";

describe("opening a stack: backend URLs, passphrase files and CLI binaries as callers give them", () => {
    let cli: FakePulumiCli;
    let workDir: string;
    let callerDir: string;
    const saved = { ...process.env };
    const savedCwd = process.cwd();

    beforeEach(() => {
        cli = new FakePulumiCli();
        workDir = tempProject(path.join(projectDir(), "Pulumi.yaml"));
        // The caller runs somewhere else than the project directory.
        callerDir = fs.mkdtempSync(path.join(os.tmpdir(), "calico-eks-caller-"));
        process.chdir(callerDir);
        delete process.env.PULUMI_CONFIG_PASSPHRASE;
        delete process.env.PULUMI_CONFIG_PASSPHRASE_FILE;
        delete process.env.PULUMI_BACKEND_URL;
    });

    afterEach(() => {
        process.chdir(savedCwd);
        process.env = { ...saved };
        cli.remove();
        fs.rmSync(workDir, { recursive: true, force: true });
        fs.rmSync(callerDir, { recursive: true, force: true });
    });

    const open = (options: Partial<CalicoEksStackOptions>, binary = cli.install()) =>
        openStack({ stackName: "unit", workDir, pulumiPath: binary, envVars: cli.env, ...options } as CalicoEksStackOptions);

    it("reads an empty PULUMI_BACKEND_URL as unset, never as the Pulumi Cloud default", async () => {
        process.env.PULUMI_BACKEND_URL = "";
        await open({ passphrase: "p" });
        expect(cli.calls("stack", "init")[0].backend).to.equal(`file://${path.join(workDir, ".pulumi-state")}`);
        expect(fs.existsSync(path.join(workDir, ".pulumi-state"))).to.equal(true);
    });

    it("takes the backend from the caller's envVars as the CLI does: its organizations, and no local state directory", async () => {
        await open({ passphrase: "p", stackName: "acme/unit", envVars: { ...cli.env, PULUMI_BACKEND_URL: "https://api.pulumi.example.com" } });
        expect(cli.calls("stack", "init")[0]).to.deep.include({ backend: "https://api.pulumi.example.com", args: ["stack", "init", "acme/unit", "--secrets-provider", "passphrase"] });
        expect(fs.existsSync(path.join(workDir, ".pulumi-state"))).to.equal(false);
    });

    it("creates a file backend's directory where the CLI looks: ~ is the home directory, relative is under workDir, no query", async () => {
        // The CLI expands "~" to the account's home directory (Go's user.Current), whatever $HOME says.
        const stateName = path.basename(callerDir) + "-state";
        const home = os.userInfo().homedir;
        process.env.HOME = workDir;
        try {
            await open({ passphrase: "p", backendUrl: `file://~/${stateName}` });
            expect(fs.existsSync(path.join(home, stateName))).to.equal(true);
            await open({ passphrase: "p", backendUrl: "file://state?no_tmp_dir=true" });
            expect(fs.existsSync(path.join(workDir, "state"))).to.equal(true);
            // Nothing in the caller's directory: no literal "~", no "state?no_tmp_dir=true".
            expect(fs.readdirSync(callerDir)).to.deep.equal([]);
            expect(fs.existsSync(path.join(workDir, stateName))).to.equal(false);
        } finally {
            fs.rmSync(path.join(home, stateName), { recursive: true, force: true });
        }
    });

    it("refuses an empty or missing PULUMI_CONFIG_PASSPHRASE_FILE, which the CLI would read as the empty passphrase", async () => {
        fs.writeFileSync(path.join(callerDir, "empty"), " \n");
        for (const [file, message] of [
            ["empty", /PULUMI_CONFIG_PASSPHRASE_FILE .*empty is empty/],
            ["missing", /PULUMI_CONFIG_PASSPHRASE_FILE .*missing cannot be read/],
        ]) {
            process.env.PULUMI_CONFIG_PASSPHRASE_FILE = file as string;
            const error = await open({}).catch(err => err);
            expect(error, String(file)).to.be.instanceOf(StackOptionError);
            expect(error.message).to.match(message as RegExp);
        }
        expect(cli.state.calls).to.deep.equal([]);
    });

    it("gives the CLI, which runs in workDir, a relative passphrase file as the caller meant it", async () => {
        fs.mkdirSync(path.join(callerDir, "secrets"));
        fs.writeFileSync(path.join(callerDir, "secrets", "passphrase"), "s3cret\n");
        process.env.PULUMI_CONFIG_PASSPHRASE_FILE = path.join("secrets", "passphrase");
        await open({});
        expect(cli.calls("stack", "init")[0].passphraseFile).to.equal(path.join(fs.realpathSync(callerDir), "secrets", "passphrase"));
    });

    it("says a wrong passphrase is wrong, in one line with what to do, and the failed call changes nothing", async () => {
        const binary = cli.install("bin/pulumi", { stacks: ["unit"], passphrase: "the-right-one" });
        fs.writeFileSync(path.join(workDir, "Pulumi.unit.yaml"), "encryptionsalt: v1:fake\n");
        const error = await open({ passphrase: "changed" }, binary).catch(err => err);
        expect(error).to.be.instanceOf(StackOptionError);
        expect(error.message).to.match(
            /^The passphrase given for stack "unit" is not the one its secrets were encrypted with \(the Pulumi CLI: incorrect passphrase\)\. Give that one .*PULUMI_CONFIG_PASSPHRASE/,
        );
        expect(error.message).to.not.match(/\n/);
        expect(fs.readFileSync(path.join(workDir, "Pulumi.unit.yaml"), "utf8")).to.equal("encryptionsalt: v1:fake\n");
        expect(cli.state.stacks).to.deep.equal(["unit"]);
        await open({ passphrase: "the-right-one" }, binary);
    });

    it("refuses, quickly and by name, a binary that is not the Pulumi CLI", async () => {
        const scripts: Record<string, string> = {
            // Waits on its stdin: must not hang the caller.
            cat: "#!/bin/sh\ncat\n",
            python: "#!/bin/sh\necho 'Python 3.12.1'\n",
        };
        for (const [name, script] of Object.entries(scripts)) {
            const binary = path.join(cli.root, name);
            fs.writeFileSync(binary, script, { mode: 0o755 });
            const started = Date.now();
            const error = await open({ passphrase: "p" }, binary).catch(err => err);
            expect(Date.now() - started, name).to.be.below(10000);
            expect(error, name).to.be.instanceOf(StackOptionError);
            expect(error.message, name).to.match(new RegExp(`^pulumiPath ${binary} is not the Pulumi CLI: \`${binary} version\` printed "[^"]*", not a Pulumi version`));
            expect(error.message, name).to.not.match(/internal error|SKIP_VERSION_CHECK/);
        }
    });
});

describe("npm commands: mistyped commands and options", () => {
    let errors: string[];
    const consoleError = console.error;

    beforeEach(() => {
        errors = [];
        console.error = (line: string) => errors.push(line);
    });

    afterEach(() => {
        console.error = consoleError;
    });

    for (const command of ["upp", "constructor", "toString", "hasOwnProperty"]) {
        it(`refuses the unknown command ${JSON.stringify(command)} before opening a stack, exit 2`, async () => {
            // Were the stack opened, the missing CLI would fail it with exit 1.
            expect(await main([command, "--stack", "dev", "--pulumi", "/nonexistent/pulumi"])).to.equal(2);
            expect(errors[0]).to.match(new RegExp(`^unknown command "${command}"`));
            expect(errors[0]).to.match(/usage: npm run <up\|preview/);
        });
    }

    for (const [args, flag] of [
        [["plan", "--stack", "dev", "--dir"], "--dir"],
        [["up", "--stack", "dev", "--pulumi"], "--pulumi"],
        [["up", "--stack", "--pulumi", "/usr/bin/pulumi"], "--stack"],
        [["plan", "--stack", "dev", "--dir="], "--dir"],
    ] as [string[], string][]) {
        it(`refuses an option without its value: ${args.join(" ")}`, async () => {
            expect(await main(args)).to.equal(2);
            expect(errors[0]).to.match(new RegExp(`^${flag} needs a value`));
        });
    }
});

describe("npm commands: arguments npm or a typo changed", () => {
    let errors: string[];
    const consoleError = console.error;
    const saved = { ...process.env };

    beforeEach(() => {
        errors = [];
        console.error = (line: string) => errors.push(line);
        delete process.env.npm_config_stack;
    });

    afterEach(() => {
        console.error = consoleError;
        process.env = { ...saved };
    });

    for (const [what, argv, env, message] of [
        [
            "npm run plan --stack dev (no --)",
            ["plan", "dev"],
            { npm_config_stack: "true" },
            /^npm took --stack as its own setting: put -- before the command's options, e.g. npm run plan -- --stack dev/,
        ],
        ["npm run up --stack=dev (no --)", ["up"], { npm_config_stack: "dev" }, /^npm took --stack as its own setting: .*npm run up -- --stack dev/],
        ["a misspelled option", ["up", "--stak", "dev"], {}, /^unknown option --stak; did you mean --stack\?/],
        ["an option of another tool", ["up", "--stack", "dev", "--yes"], {}, /^unknown option --yes/],
        ["a stray word", ["preview", "--stack", "dev", "now"], {}, /^unexpected argument "now"/],
        ["an option given twice", ["destroy", "--stack", "dev", "--stack=prod"], {}, /^--stack is given more than once/],
    ] as [string, string[], Record<string, string>, RegExp][]) {
        it(`refuses ${what}, exit 2, saying what to type`, async () => {
            Object.assign(process.env, env);
            // Were the command run, the missing project directory would fail it with exit 1.
            expect(await main(argv.includes("--stack") ? [...argv, "--dir", "/nonexistent/project"] : argv)).to.equal(2);
            expect(errors[0]).to.match(message);
        });
    }
});

describe("stale compiled files (a source deleted, its .js left in bin/)", () => {
    it("lists the outputs whose source is gone, and the sources whose output is gone", () => {
        // Plain JavaScript, run by the launcher before anything is compiled.
        const { staleOutputs, missingOutputs } = require(path.join(projectDir(), "tools", "node", "staleOutputs.js")) as {
            staleOutputs(projectDir: string, outDir: string): string[];
            missingOutputs(projectDir: string, outDir: string, sourceRoots: string[]): string[];
        };
        const project = fs.mkdtempSync(path.join(os.tmpdir(), "calico-eks-stale-"));
        try {
            const files: Record<string, string> = {
                "automation/kept.ts": "",
                "tests/unit/kept.test.ts": "",
                "bin/automation/kept.js": "",
                "bin/automation/kept.d.ts": "",
                "bin/automation/kept.js.map": "",
                "bin/automation/gone.js": "",
                "bin/automation/gone.d.ts": "",
                "bin/automation/gone.js.map": "",
                "bin/automation/gone.d.ts.map": "",
                "bin/tests/unit/kept.test.js": "",
                "bin/tests/unit/gone.test.js": "",
                "bin/tsconfig.src.tsbuildinfo": "",
                "bin/components/data.json": "",
            };
            for (const [file, content] of Object.entries(files)) {
                fs.mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
                fs.writeFileSync(path.join(project, file), content);
            }
            expect(
                staleOutputs(project, "bin")
                    .map(f => path.relative(project, f))
                    .sort(),
            ).to.deep.equal(["automation/gone.d.ts", "automation/gone.d.ts.map", "automation/gone.js", "automation/gone.js.map", "tests/unit/gone.test.js"].map(f => path.join("bin", f)));
            expect(staleOutputs(path.join(project, "nowhere"), "bin")).to.deep.equal([]);
            // The other way round: a source whose .js was deleted from bin/ (tsc -b's buildinfo would not notice).
            fs.writeFileSync(path.join(project, "automation", "unbuilt.ts"), "");
            fs.writeFileSync(path.join(project, "automation", "types.d.ts"), "");
            expect(missingOutputs(project, "bin", ["index.ts", "automation", "components"]).map(f => path.relative(project, f))).to.deep.equal([path.join("automation", "unbuilt.ts")]);
        } finally {
            fs.rmSync(project, { recursive: true, force: true });
        }
    });
});
