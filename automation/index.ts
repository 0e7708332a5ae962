/**
 * Drive calico-eks stacks from another program through the Pulumi Automation API.
 *
 *   import { openStack, secret } from "calico-eks";   // the package's main
 *   const stack = await openStack({ stackName: "team-a", config: { clusterName: "team-a" }, providerConfig: { "aws:region": "eu-west-1" } });
 *   const result = await stack.up({ onOutput: line => log(line) });
 *
 * The program is the same function `index.ts` runs (components/program.ts), run inline in this process.
 * The stack's config is validated by the same validation before the engine starts, so a bad request fails
 * fast with the same messages; once the CLI has decrypted the stack's secrets, the whole config is validated
 * again before anything is written. State goes to a local file backend unless told otherwise; the Pulumi CLI
 * is exactly the binary named by an option, or `pulumi` on PATH, and never downloaded. A call that fails
 * leaves nothing behind: no state directory, stack or stack file it created.
 */
import { doctor } from "./doctor";
import { DoctorReport } from "./doctorFindings";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type * as automation from "@pulumi/pulumi/automation";
import { CONFIG_NAMESPACE } from "../components/config/defaults";
import { RawConfig, resolveConfig } from "../components/stack/resolve";
import { CalicoEksConfigInput } from "../components/stack/input";
import { ConfigProblem } from "../components/config/problems";
import { CalicoEksConfig } from "../components/stack/types";
import { StackOptionError } from "./errors";
import { pulumiCommandAt, resolvePulumiPath } from "./pulumiCli";
import { secretsSettings } from "./secrets";
import { projectDir, stackFileConfig, stackFilePath, stackNames } from "./stackFiles";
import { parseStackName } from "./stackName";

export { StackOptionError } from "./errors";

/**
 * The Pulumi SDK and the program take 1 to 2 s to load: they are loaded when a stack is opened, so that
 * validation and `npm run plan`, which need neither, start at once.
 */
const sdk = (): typeof automation => require("@pulumi/pulumi/automation");
const calicoEksProgram = (projectDir: string) => (require("../components/program") as typeof import("../components/program")).calicoEksProgram(undefined, { projectDir });

/** A config value to be stored encrypted in the stack. */
export class SecretValue {
    constructor(readonly value: unknown) {}
}

export function secret(value: unknown): SecretValue {
    return new SecretValue(value);
}

export type ConfigInput = unknown | SecretValue;

/** The calico-eks config keys (see README), each value plain or wrapped in `secret()`. */
export type StackConfig = { readonly [K in keyof CalicoEksConfigInput]?: CalicoEksConfigInput[K] | SecretValue };

export interface CalicoEksStackOptions {
    /** Stack name, e.g. "dev" (Pulumi's rules: letters, digits, "-", "_", "."; `org/stack`, `org/project/stack`). */
    readonly stackName: string;
    /** calico-eks config keys without the namespace (see README); wrap secrets in `secret()`. */
    readonly config?: StackConfig;
    /** Other namespaces' config, with the namespace: `{ "aws:region": "us-west-2" }`. */
    readonly providerConfig?: Readonly<Record<string, ConfigInput>>;
    /** Project directory (Pulumi.yaml and stack files); it must exist. Default: this package's root. */
    readonly workDir?: string;
    /** Backend URL. Default: $PULUMI_BACKEND_URL, else a local file backend in `<workDir>/.pulumi-state`. */
    readonly backendUrl?: string;
    /** Path of the `pulumi` binary itself, run as given. Default: `pulumi` from PATH. It is never downloaded. */
    readonly pulumiPath?: string;
    /**
     * Passphrase of the stack's secrets, when the secrets provider is the passphrase. Default:
     * $PULUMI_CONFIG_PASSPHRASE, else the file $PULUMI_CONFIG_PASSPHRASE_FILE names. None, or "", is refused.
     */
    readonly passphrase?: string;
    /**
     * Secrets provider of a new stack: "passphrase" (the default), "default" (the backend's own, e.g. Pulumi
     * Cloud's), or a key URL ("awskms://alias/x?region=eu-west-1", "gcpkms://…", "azurekeyvault://…",
     * "hashivault://…"). Default: the one the stack file names, else "passphrase".
     */
    readonly secretsProvider?: string;
    /** Allow the engine to download missing provider plugins. Default false: install them beforehand. */
    readonly allowPluginDownload?: boolean;
    /** Extra environment for the CLI and the program. */
    readonly envVars?: Readonly<Record<string, string>>;
    /**
     * The program to run. Default: the calico-eks program (components/program.ts). Another program, e.g. one
     * that composes CalicoEksCluster with more resources, still gets its config validated first.
     */
    readonly program?: automation.PulumiFn;
}

export interface ProgressOptions {
    /** Each line of the CLI's progress output. */
    readonly onOutput?: (line: string) => void;
    /** Each structured engine event. */
    readonly onEvent?: (event: automation.EngineEvent) => void;
}

/** Another update holds the stack's lock. */
export class StackLockedError extends Error {
    constructor(stackName: string, cause: Error) {
        super(
            `stack "${stackName}" is locked by another update (${
                cause.message
                    .split("\n")
                    .find(l => /lock/i.test(l))
                    ?.trim() ?? "locked"
            }). ` +
                "Wait for it to finish. If it died: on the Pulumi Cloud backend run `pulumi cancel`; on a file or bucket backend, after making sure no update runs, delete its lock file under `.pulumi/locks/` in the backend.",
        );
        this.name = "StackLockedError";
    }
}

/** A backend whose state lives in files (local or in a bucket): its only organization is "organization". */
function isFileBackend(backendUrl: string): boolean {
    return /^(file|s3|gs|azblob):\/\//.test(backendUrl);
}

/**
 * The backend the CLI will use: `backendUrl`, else PULUMI_BACKEND_URL of the caller's envVars (which reach the CLI
 * over everything else), else of the process. An empty one counts as unset: passed on, the CLI would fall back
 * to Pulumi Cloud.
 */
function backendOf(options: Pick<CalicoEksStackOptions, "backendUrl" | "envVars">, workDir: string): string {
    return options.backendUrl || options.envVars?.PULUMI_BACKEND_URL || process.env.PULUMI_BACKEND_URL || `file://${path.join(workDir, ".pulumi-state")}`;
}

function accountHome(): string {
    try {
        return os.userInfo().homedir;
    } catch {
        return os.homedir();
    }
}

/**
 * The directory a `file://` backend URL names, as the CLI reads it (diy backend's massageBlobPath): the query
 * dropped, a leading `~` the user's home directory (the account's, as Go's user.Current reads it, not $HOME), a
 * relative path under workDir, where the CLI runs.
 */
export function fileBackendDir(backendUrl: string, workDir: string, home: string = accountHome()): string {
    const given = backendUrl.slice("file://".length).split("?")[0];
    const expanded = given === "~" ? home : given.startsWith("~/") ? path.join(home, given.slice(2)) : given;
    return path.resolve(workDir, expanded);
}

/**
 * The project directory when the caller names none: this repository's root. Installed as a package, that is a
 * folder inside node_modules, which `npm ci` wipes with every stack file and local state in it: refused.
 */
export function defaultWorkDir(dir: string = projectDir()): string {
    if (dir.split(/[\\/]/).includes("node_modules")) {
        throw new StackOptionError(
            `No workDir given, and this package's own folder (${dir}) lies inside node_modules, which a reinstall wipes with the stack files and state kept there. ` +
                "Pass workDir: a directory of your own for Pulumi.yaml and the stack files.",
        );
    }
    return dir;
}

/** The project directory: it must exist; a typo must not create a new, empty project somewhere. */
function existingWorkDir(workDir: string | undefined): string {
    if (workDir === undefined) {
        return defaultWorkDir();
    }
    if (!fs.existsSync(workDir) || !fs.statSync(workDir).isDirectory()) {
        throw new StackOptionError(
            `workDir ${workDir} ${fs.existsSync(workDir) ? "is not a directory" : "does not exist"}. Create it first (it holds Pulumi.yaml and the stack files), or give the project directory.`,
        );
    }
    return path.resolve(workDir);
}

/** The requested config with secret wrappers removed: what validation checks. */
function plainValues(config: StackConfig | undefined): RawConfig {
    return Object.fromEntries(Object.entries(config ?? {}).map(([k, v]) => [k, v instanceof SecretValue ? v.value : v]));
}

export interface ValidateOptions extends Pick<CalicoEksStackOptions, "stackName" | "config" | "providerConfig" | "workDir" | "backendUrl" | "envVars"> {
    /** Refuse a stack without a stack file: the plan of a misspelled stack name must not be a plan of the defaults. */
    readonly requireStackFile?: boolean;
}

/**
 * Merges the stack file's config with the requested one and validates it, without the Pulumi CLI; throws
 * ConfigValidationError, or StackOptionError for a bad stack name or stack file. Secret values of the stack file
 * cannot be decrypted here: they are reported in `warnings` and their defaults stand in (preview and up check them).
 */
export function validateStackConfig(options: ValidateOptions, warnings: ConfigProblem[] = []): CalicoEksConfig {
    const workDir = options.workDir ?? defaultWorkDir();
    parseStackName(options.stackName, { fileBackend: isFileBackend(backendOf(options, workDir)) });
    const file = stackFileConfig(options.stackName, workDir);
    if (options.requireStackFile && !file.exists) {
        const known = fs.existsSync(workDir) ? stackNames(workDir) : [];
        throw new StackOptionError(
            `Stack "${options.stackName}" has no stack file: ${stackFilePath(options.stackName, workDir)} does not exist. ` + `Stacks with a file there: ${known.join(", ") || "none"}.`,
        );
    }
    const requested = plainValues(options.config);
    warnings.push(...file.warnings);
    for (const key of file.secretKeys.filter(k => !(k in requested))) {
        warnings.push({
            key,
            message: `is a secret in ${path.basename(stackFilePath(options.stackName, workDir))}; without the Pulumi CLI it cannot be decrypted, so it is not checked here and its default stands in for it`,
            fix: "preview and up decrypt and check it",
        });
    }
    const region = options.providerConfig?.["aws:region"] ?? file.other["aws:region"];
    // A relative chartSource is relative to the project directory (workDir), not to this process's cwd.
    return resolveConfig({ ...file.project, ...requested }, { region: typeof region === "string" ? region : undefined, warnings, projectDir: workDir });
}

/** Undoes, newest first, what a failing call created. */
class Undo {
    private readonly steps: (() => unknown)[] = [];

    push(step: () => unknown): void {
        this.steps.push(step);
    }

    async run(): Promise<void> {
        for (const step of this.steps.reverse()) {
            try {
                await step();
            } catch {
                // Best effort: the call's own error is the one to report.
            }
        }
    }
}

/**
 * Opens (creating if needed) a calico-eks stack. Checked first, before any file or the CLI is touched: the
 * stack name, the work directory, the config (as far as it is readable without the CLI), the CLI path and the
 * secrets settings. Then the stack is selected or created, its whole config (secrets decrypted by the CLI)
 * validated, and the requested config written.
 */
export async function openStack(options: CalicoEksStackOptions): Promise<CalicoEksStack> {
    const workDir = existingWorkDir(options.workDir);
    const backendUrl = backendOf(options, workDir);
    parseStackName(options.stackName, { fileBackend: isFileBackend(backendUrl) });
    validateStackConfig({ ...options, workDir });
    const file = stackFileConfig(options.stackName, workDir);
    const binary = resolvePulumiPath(options.pulumiPath);
    const secrets = secretsSettings({
        stackName: options.stackName,
        secretsProvider: options.secretsProvider,
        passphrase: options.passphrase,
        fileProvider: file.secretsProvider,
        fileBackend: isFileBackend(backendUrl),
        env: { ...process.env, ...options.envVars },
    });
    const envVars: Record<string, string> = {
        PULUMI_SKIP_UPDATE_CHECK: "true",
        ...(options.allowPluginDownload ? {} : { PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true" }),
        ...options.envVars,
        // The backend the checks above were made for, whichever way it was given.
        PULUMI_BACKEND_URL: backendUrl,
        ...secrets.env,
    };
    const pulumiCommand = await pulumiCommandAt(binary, envVars);

    const undo = new Undo();
    try {
        if (backendUrl.startsWith("file://")) {
            // Created only now that the stack is really opened; removed again if this call fails.
            const created = fs.mkdirSync(fileBackendDir(backendUrl, workDir), { recursive: true });
            if (created) {
                undo.push(() => fs.rmSync(created, { recursive: true, force: true }));
            }
        }
        const stackFile = stackFilePath(options.stackName, workDir);
        if (!fs.existsSync(stackFile)) {
            undo.push(() => fs.rmSync(stackFile, { force: true }));
        }
        const workspace = await sdk().LocalWorkspace.create({
            workDir,
            envVars,
            pulumiCommand,
            secretsProvider: secrets.provider,
            program: options.program ?? (async () => calicoEksProgram(workDir)),
        });
        let stack: automation.Stack;
        try {
            stack = await sdk().Stack.select(options.stackName, workspace);
        } catch (err) {
            if (!(err instanceof sdk().StackNotFoundError)) {
                throw err;
            }
            stack = await sdk().Stack.create(options.stackName, workspace);
            undo.push(() => workspace.removeStack(options.stackName, { force: true }));
        }
        const warnings: ConfigProblem[] = [...file.warnings];
        const stored = await stack.getAllConfig();
        const resolved = resolveConfig({ ...decryptedProjectConfig(stored), ...plainValues(options.config) }, { region: regionOf(stored, options), warnings, projectDir: workDir });
        const writes = configWrites(options);
        if (Object.keys(writes.json).length > 0) {
            await stack.setAllConfigJson(JSON.stringify(writes.json));
        }
        for (const [path, value] of writes.secretPaths) {
            await stack.setConfig(path, { value, secret: true }, true);
        }
        return new CalicoEksStack(stack, resolved, warnings);
    } catch (err) {
        await undo.run();
        throw wrongPassphrase(err, options.stackName) ?? err;
    }
}

/**
 * The CLI's "incorrect passphrase" (a CommandError with the whole command line and its output) as one line that
 * says what to do; undefined for any other error.
 */
function wrongPassphrase(err: unknown, stackName: string): StackOptionError | undefined {
    if (!(err instanceof sdk().CommandError) || !/incorrect passphrase/i.test(err.message)) {
        return undefined;
    }
    return new StackOptionError(
        `The passphrase given for stack "${stackName}" is not the one its secrets were encrypted with (the Pulumi CLI: incorrect passphrase). ` +
            "Give that one (the passphrase option, PULUMI_CONFIG_PASSPHRASE or PULUMI_CONFIG_PASSPHRASE_FILE); to change it, run " +
            `\`pulumi stack change-secrets-provider --stack ${stackName} passphrase\` with the old one set, which asks for the new one.`,
    );
}

/** This project's config as the CLI reads it (`config --show-secrets`), keys without the namespace. */
function decryptedProjectConfig(stored: automation.ConfigMap): RawConfig {
    const prefix = `${CONFIG_NAMESPACE}:`;
    return Object.fromEntries(
        Object.entries(stored)
            .filter(([key]) => key.startsWith(prefix))
            .map(([key, item]) => [key.slice(prefix.length), item.value]),
    );
}

function regionOf(stored: automation.ConfigMap, options: CalicoEksStackOptions): string | undefined {
    const requested = options.providerConfig?.["aws:region"];
    const region = requested instanceof SecretValue ? requested.value : (requested ?? stored["aws:region"]?.value);
    return typeof region === "string" ? region : undefined;
}

/** How the requested config is written to the stack. */
export interface ConfigWrites {
    /**
     * Entries in the `pulumi config --json` shape that `config set-all --json` takes. Lists and objects go in as
     * structured values (`objectValue`), so the CLI checks them against the array types Pulumi.yaml declares and
     * stores them as YAML, exactly as if written in the stack file.
     */
    readonly json: Record<string, { value: string; secret: boolean; objectValue?: unknown }>;
    /**
     * Secret lists and objects, one `--path` entry per leaf: `set-all --json` cannot take a secret structured
     * value (the CLI fails parsing it), and a secret leaf keeps the structure visible to type checks.
     */
    readonly secretPaths: [path: string, value: string][];
}

/** Splits the requested config into what set-all takes and the secret structured values. Exported for tests. */
export function configWrites(options: Pick<CalicoEksStackOptions, "config" | "providerConfig">): ConfigWrites {
    const entries: [string, ConfigInput][] = [
        ...Object.entries(options.config ?? {}).map(([k, v]) => [`${CONFIG_NAMESPACE}:${k}`, v] as [string, ConfigInput]),
        ...Object.entries(options.providerConfig ?? {}),
    ];
    const json: ConfigWrites["json"] = {};
    const secretPaths: ConfigWrites["secretPaths"] = [];
    for (const [key, input] of entries) {
        const secret = input instanceof SecretValue;
        const value = secret ? input.value : input;
        const structured = typeof value === "object" && value !== null;
        if (secret && structured) {
            secretPaths.push(...leafPaths(key, value));
        } else {
            json[key] = { value: typeof value === "string" ? value : JSON.stringify(value), secret, ...(structured ? { objectValue: value } : {}) };
        }
    }
    return { json, secretPaths };
}

/** `key[0]["field"]` paths to every leaf of a structured value (quoted, since label keys hold dots). */
function leafPaths(path: string, value: unknown): [string, string][] {
    if (Array.isArray(value)) {
        return value.flatMap((item, i) => leafPaths(`${path}[${i}]`, item));
    }
    if (typeof value === "object" && value !== null) {
        return Object.entries(value).flatMap(([field, item]) => leafPaths(`${path}[${JSON.stringify(field)}]`, item));
    }
    return [[path, String(value)]];
}

export { doctor, DoctorOptions } from "./doctor";
export { DoctorReport, formatDoctorReport } from "./doctorFindings";

/** One calico-eks stack: its operations, with progress streamed and lock conflicts made clear. */
export class CalicoEksStack {
    constructor(
        /** The underlying Automation API stack, for anything not wrapped here. */
        readonly stack: automation.Stack,
        /** The validated config the stack was opened with. */
        readonly config: CalicoEksConfig,
        /** What validation accepted but the caller should know (misplaced keys, ...). */
        readonly warnings: ConfigProblem[] = [],
    ) {}

    get name(): string {
        return this.stack.name;
    }

    up(progress: ProgressOptions = {}): Promise<automation.UpResult> {
        return this.guard(() => this.stack.up({ ...progress }));
    }

    /** Preview; with `expectNoChanges` it fails if anything would change. */
    preview(progress: ProgressOptions & { expectNoChanges?: boolean } = {}): Promise<automation.PreviewResult> {
        return this.guard(() => this.stack.preview({ ...progress }));
    }

    refresh(progress: ProgressOptions = {}): Promise<automation.RefreshResult> {
        return this.guard(() => this.stack.refresh({ ...progress }));
    }

    destroy(progress: ProgressOptions = {}): Promise<automation.DestroyResult> {
        return this.guard(() => this.stack.destroy({ ...progress }));
    }

    /** Stack outputs as plain values (secrets included, unwrapped). */
    async outputs(): Promise<Record<string, unknown>> {
        const outputs = await this.stack.outputs();
        return Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.value]));
    }

    /**
     * Reads the deployed cluster (through the stack's kubeconfig output) and reports what the EKS control
     * plane calls on overlay addresses, and the host ports taken: see automation/doctor.ts. Changes nothing.
     */
    async doctor(): Promise<DoctorReport> {
        const outputs = await this.outputs();
        if (!outputs.kubeconfig) {
            throw new Error(`stack "${this.stack.name}" has no kubeconfig output: run up first`);
        }
        return doctor({ kubeconfig: outputs.kubeconfig as string | object, podCidrs: (outputs.podCidrs as string[] | undefined) ?? [] });
    }

    private async guard<T>(operation: () => Promise<T>): Promise<T> {
        try {
            return await operation();
        } catch (err) {
            if (err instanceof sdk().ConcurrentUpdateError) {
                throw new StackLockedError(this.stack.name, err);
            }
            throw err;
        }
    }
}
