/**
 * Drive calico-eks stacks from another program through the Pulumi Automation API.
 *
 *   import { openStack, secret } from "calico-eks";   // the package's main
 *   const stack = await openStack({ stackName: "team-a", config: { clusterName: "team-a" }, providerConfig: { "aws:region": "eu-west-1" } });
 *   const result = await stack.up({ onOutput: line => log(line) });
 *
 * The program is the same function `index.ts` runs (components/program.ts), run inline in this process.
 * The stack's config is validated by the same validation before the engine starts, so a bad request fails
 * fast with the same messages. State goes to a local file backend unless told otherwise; the Pulumi CLI
 * is taken from an option or PATH and never downloaded.
 */
import { doctor } from "./doctor";
import { DoctorReport } from "./doctorFindings";
import * as fs from "fs";
import * as path from "path";
import type * as automation from "@pulumi/pulumi/automation";
import { CONFIG_NAMESPACE } from "../components/config/defaults";
import { RawConfig, resolveConfig } from "../components/config/resolve";
import { CalicoEksConfigInput } from "../components/config/input";
import { CalicoEksConfig } from "../components/config/types";
import { projectDir, stackFileConfig } from "./stackFiles";

/**
 * The Pulumi SDK and the program take 1 to 2 s to load: they are loaded when a stack is opened, so that
 * validation and `npm run plan`, which need neither, start at once.
 */
const sdk = (): typeof automation => require("@pulumi/pulumi/automation");
const calicoEksProgram = () => (require("../components/program") as typeof import("../components/program")).calicoEksProgram();

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
    /** Stack name, e.g. "dev". */
    readonly stackName: string;
    /** calico-eks config keys without the namespace (see README); wrap secrets in `secret()`. */
    readonly config?: StackConfig;
    /** Other namespaces' config, with the namespace: `{ "aws:region": "us-west-2" }`. */
    readonly providerConfig?: Readonly<Record<string, ConfigInput>>;
    /** Project directory (Pulumi.yaml and stack files). Default: this package's root. */
    readonly workDir?: string;
    /** Backend URL. Default: $PULUMI_BACKEND_URL, else a local file backend in `<workDir>/.pulumi-state`. */
    readonly backendUrl?: string;
    /** Path of the `pulumi` binary. Default: `pulumi` from PATH. It is never downloaded. */
    readonly pulumiPath?: string;
    /** Passphrase of the stack's secrets. Default: $PULUMI_CONFIG_PASSPHRASE, else "". */
    readonly passphrase?: string;
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
            `stack "${stackName}" is locked by another update (${cause.message.split("\n").find(l => /lock/i.test(l))?.trim() ?? "locked"}). ` +
                "Wait for it to finish. If it died: on the Pulumi Cloud backend run `pulumi cancel`; on a file or bucket backend, after making sure no update runs, delete its lock file under `.pulumi/locks/` in the backend.",
        );
        this.name = "StackLockedError";
    }
}

function findOnPath(command: string): string | undefined {
    return (process.env.PATH ?? "")
        .split(path.delimiter)
        .filter(Boolean)
        .map(dir => path.join(dir, command))
        .find(candidate => fs.existsSync(candidate));
}

/** Merges the stack file's config with the requested one and validates it; throws ConfigValidationError. */
export function validateStackConfig(options: Pick<CalicoEksStackOptions, "stackName" | "config" | "workDir">): CalicoEksConfig {
    const fromFile = stackFileConfig(options.stackName, options.workDir ?? projectDir()).project;
    const requested = Object.fromEntries(Object.entries(options.config ?? {}).map(([k, v]) => [k, v instanceof SecretValue ? v.value : v]));
    return resolveConfig({ ...fromFile, ...requested } as RawConfig);
}

/** Opens (creating if needed) a calico-eks stack, after validating its config. */
export async function openStack(options: CalicoEksStackOptions): Promise<CalicoEksStack> {
    const resolved = validateStackConfig(options);
    const workDir = options.workDir ?? projectDir();
    const backendUrl = options.backendUrl ?? process.env.PULUMI_BACKEND_URL ?? `file://${path.join(workDir, ".pulumi-state")}`;
    if (backendUrl.startsWith("file://")) {
        fs.mkdirSync(backendUrl.slice("file://".length), { recursive: true });
    }
    const envVars: Record<string, string> = {
        PULUMI_BACKEND_URL: backendUrl,
        PULUMI_CONFIG_PASSPHRASE: options.passphrase ?? process.env.PULUMI_CONFIG_PASSPHRASE ?? "",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        ...(options.allowPluginDownload ? {} : { PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true" }),
        ...options.envVars,
    };
    const pulumiPath = options.pulumiPath ?? findOnPath("pulumi");
    if (!pulumiPath || !fs.existsSync(pulumiPath)) {
        throw new Error(
            `The Pulumi CLI was not found ${options.pulumiPath ? `at ${options.pulumiPath}` : "on PATH"}. Install it and put it on PATH, or pass pulumiPath ` +
                "(--pulumi <path> for the npm commands); tools/toolchain/build.sh builds one from source. It is never downloaded.",
        );
    }
    // PulumiCommand expects <root>/bin/pulumi.
    const pulumiCommand = await sdk().PulumiCommand.get({ root: path.dirname(path.dirname(path.resolve(pulumiPath))) });
    const stack = await sdk().LocalWorkspace.createOrSelectStack(
        { stackName: options.stackName, projectName: CONFIG_NAMESPACE, program: options.program ?? (async () => calicoEksProgram()) },
        { workDir, envVars, pulumiCommand, secretsProvider: "passphrase" },
    );
    const writes = configWrites(options);
    if (Object.keys(writes.json).length > 0) {
        await stack.setAllConfigJson(JSON.stringify(writes.json));
    }
    for (const [path, value] of writes.secretPaths) {
        await stack.setConfig(path, { value, secret: true }, true);
    }
    return new CalicoEksStack(stack, resolved);
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
