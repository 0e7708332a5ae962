/**
 * A stand-in Pulumi CLI for unit tests of the Automation API module: a script that answers the commands the
 * module runs (version, stack select/init/rm, config) from a JSON state file and records every call with the
 * environment it saw. It proves what reaches the CLI (binary, arguments, passphrase) without the real one.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export interface FakeCall {
    readonly args: string[];
    /** The path the script was run as. */
    readonly binary: string;
    readonly passphrase: string | null;
    readonly passphraseFile: string | null;
    readonly backend: string | null;
}

interface FakeState {
    stacks: string[];
    /** What `config --show-secrets --json` prints: the stack's config with secrets decrypted. */
    config: Record<string, { value: string; secret: boolean }>;
    calls: FakeCall[];
    /** The passphrase the stack's secrets were encrypted with; another one fails as the real CLI fails. */
    passphrase?: string;
}

const SCRIPT = `
const fs = require("fs");
const path = require("path");
const file = process.env.FAKE_PULUMI_STATE;
const state = JSON.parse(fs.readFileSync(file, "utf8"));
const args = process.argv.slice(2).filter(a => a !== "--non-interactive");
const env = name => (process.env[name] === undefined ? null : process.env[name]);
state.calls.push({ args, binary: process.argv[1], passphrase: env("PULUMI_CONFIG_PASSPHRASE"), passphraseFile: env("PULUMI_CONFIG_PASSPHRASE_FILE"), backend: env("PULUMI_BACKEND_URL") });
const save = () => fs.writeFileSync(file, JSON.stringify(state));
const stackFile = name => path.join(process.cwd(), "Pulumi." + name.split("/").pop() + ".yaml");
const [a, b] = args;
let code = 0;
if (a === "version") {
    process.stdout.write("v3.259.0\\n");
} else if (a === "stack" && b === "select") {
    const name = args[args.indexOf("--stack") + 1];
    if (!state.stacks.includes(name)) {
        process.stderr.write("error: no stack named '" + name + "' found\\n");
        code = 255;
    }
} else if (a === "stack" && b === "init") {
    const name = args[2];
    const provider = args.includes("--secrets-provider") ? args[args.indexOf("--secrets-provider") + 1] : "passphrase";
    state.stacks.push(name);
    if (!fs.existsSync(stackFile(name))) {
        fs.writeFileSync(stackFile(name), provider === "passphrase" ? "encryptionsalt: v1:fake\\n" : "secretsprovider: " + provider + "\\nencryptedkey: ZmFrZQ==\\n");
    }
} else if (a === "stack" && b === "rm") {
    const name = args[args.length - 1];
    state.stacks = state.stacks.filter(s => s !== name);
    fs.rmSync(stackFile(name), { force: true });
} else if (a === "config" && args.includes("--show-secrets")) {
    if (state.passphrase !== undefined && env("PULUMI_CONFIG_PASSPHRASE") !== state.passphrase) {
        process.stderr.write("error: incorrect passphrase\\n");
        code = 1;
    } else {
        process.stdout.write(JSON.stringify(state.config));
    }
}
save();
process.exit(code);
`;

export class FakePulumiCli {
    readonly root = fs.mkdtempSync(path.join(os.tmpdir(), "calico-eks-fake-cli-"));
    private readonly stateFile = path.join(this.root, "state.json");

    /** Installs the fake at `relativePath` under its root (e.g. "opt/pulumi/pulumi") and returns its path. */
    install(relativePath = "bin/pulumi", state: Partial<FakeState> = {}): string {
        const binary = path.join(this.root, relativePath);
        fs.mkdirSync(path.dirname(binary), { recursive: true });
        fs.writeFileSync(binary, `#!${process.execPath}\n${SCRIPT}`, { mode: 0o755 });
        fs.writeFileSync(this.stateFile, JSON.stringify({ stacks: [], config: {}, calls: [], ...state }));
        return binary;
    }

    /** Environment that points the fake at its state (pass as envVars). */
    get env(): Record<string, string> {
        return { FAKE_PULUMI_STATE: this.stateFile };
    }

    get state(): FakeState {
        return JSON.parse(fs.readFileSync(this.stateFile, "utf8"));
    }

    /** The calls whose arguments start with these words. */
    calls(...prefix: string[]): FakeCall[] {
        return this.state.calls.filter(c => prefix.every((word, i) => c.args[i] === word));
    }

    remove(): void {
        fs.rmSync(this.root, { recursive: true, force: true });
    }
}

/** A project directory with the project's Pulumi.yaml, for stacks the tests create. */
export function tempProject(pulumiYaml: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "calico-eks-project-"));
    fs.copyFileSync(pulumiYaml, path.join(dir, "Pulumi.yaml"));
    return dir;
}
