/**
 * Reads a stack's config the way the Pulumi CLI would, without the CLI: the project's declared defaults
 * (Pulumi.yaml) overlaid with the stack file (Pulumi.<stack>.yaml). Used to validate before the engine
 * starts and by the plan command, which needs no cloud access and no Pulumi CLI. Secret values (`secure:`)
 * cannot be decrypted without the CLI: they are set apart, not read as values.
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { CONFIG_NAMESPACE } from "../components/config/defaults";
import { foreignKeyWarnings } from "../components/config/namespaces";
import { ConfigProblem } from "../components/config/problems";
import { RawConfig } from "../components/stack/resolve";
import { closest } from "../components/config/suggest";
import { StackOptionError } from "./errors";
import { parseStackName } from "./stackName";

/** Directory holding Pulumi.yaml (the repository root). */
export function projectDir(): string {
    let dir = __dirname;
    while (!fs.existsSync(path.join(dir, "Pulumi.yaml"))) {
        const parent = path.dirname(dir);
        if (parent === dir) {
            throw new Error(`Pulumi.yaml not found above ${__dirname}`);
        }
        dir = parent;
    }
    return dir;
}

/** A YAML file's content; a syntax error names the file, with the parser's line and column. */
export function readYamlFile(file: string): unknown {
    try {
        return yaml.load(fs.readFileSync(file, "utf8"));
    } catch (err) {
        if (err instanceof yaml.YAMLException) {
            throw new StackOptionError(`${file}: invalid YAML: ${err.message}`);
        }
        throw err;
    }
}

/** Config keys (without namespace) that Pulumi.yaml declares, with their defaults. */
export function projectDefaults(dir: string = projectDir()): RawConfig {
    const project = readYamlFile(path.join(dir, "Pulumi.yaml")) as { config?: Record<string, { default?: unknown }> };
    return Object.fromEntries(
        Object.entries(project.config ?? {})
            .filter(([, d]) => d.default !== undefined)
            .map(([k, d]) => [k, d.default]),
    );
}

/** The stack file of a stack: `Pulumi.<name>.yaml` in `dir`, after the name passed Pulumi's rules. */
export function stackFilePath(stackName: string, dir: string = projectDir()): string {
    const file = path.join(path.resolve(dir), `Pulumi.${parseStackName(stackName).name}.yaml`);
    // The name rules already keep it here; this states the guarantee where the path is made.
    if (path.dirname(file) !== path.resolve(dir)) {
        throw new StackOptionError(`Invalid stack name ${JSON.stringify(stackName)}: its stack file would be outside ${dir}.`);
    }
    return file;
}

/** The top-level keys of a stack file that the Pulumi CLI reads (its ProjectStack settings). */
const STACK_FILE_KEYS = ["config", "secretsprovider", "encryptedkey", "encryptionsalt", "environment"];

export interface StackFileConfig {
    /** Whether the stack has a file. */
    readonly exists: boolean;
    /** This project's keys, without the namespace; secret ones are left out (see `secretKeys`). */
    readonly project: RawConfig;
    /** This project's keys whose value is or holds a `secure:` value: present, but opaque without the CLI. */
    readonly secretKeys: string[];
    /** Everything else (aws:region, ...), with namespaces, as written. */
    readonly other: Record<string, unknown>;
    /** The file's `secretsprovider:`, or "passphrase" when it holds a passphrase salt; undefined when neither. */
    readonly secretsProvider?: string;
    /** What the file holds that this program never reads (keys outside `config:` or outside `calico-eks:`). */
    readonly warnings: ConfigProblem[];
}

/** The stack file's config; empty when the stack has no file. */
export function stackFileConfig(stackName: string, dir: string = projectDir()): StackFileConfig {
    const file = stackFilePath(stackName, dir);
    if (!fs.existsSync(file)) {
        return { exists: false, project: {}, secretKeys: [], other: {}, warnings: [] };
    }
    const where = path.basename(file);
    const content = readYamlFile(file) ?? {};
    if (!isMapping(content)) {
        throw new StackOptionError(`${file}: expected a mapping with a config: block, got ${JSON.stringify(content).slice(0, 80)}`);
    }
    const config = content.config ?? {};
    if (!isMapping(config)) {
        throw new StackOptionError(`${file}: config: must be a mapping of keys to values, got ${JSON.stringify(config).slice(0, 80)}`);
    }
    const prefix = `${CONFIG_NAMESPACE}:`;
    const project: RawConfig = {};
    const secretKeys: string[] = [];
    const other: Record<string, unknown> = {};
    const unprefixed: ConfigProblem[] = [];
    // The Pulumi CLI reads a key without a namespace in the project's namespace, and its value wins over the
    // namespaced key's: read them the same way, last.
    const entries = Object.entries(config).sort(([a], [b]) => Number(!a.includes(":")) - Number(!b.includes(":")));
    for (const [key, value] of entries) {
        const name = key.startsWith(prefix) ? key.slice(prefix.length) : key.includes(":") ? undefined : key;
        if (name === undefined) {
            other[key] = value;
            continue;
        }
        if (name === key && `${prefix}${key}` in config) {
            unprefixed.push({
                key,
                message: `${where} sets both "${key}" and "${prefix}${key}"; the Pulumi CLI takes the value of "${key}"`,
                fix: `keep one of them in ${where}`,
            });
        }
        delete project[name];
        secretKeys.splice(0, secretKeys.length, ...secretKeys.filter(k => k !== name));
        if (holdsSecret(value)) {
            secretKeys.push(name);
        } else {
            project[name] = value;
        }
    }
    const warnings = [...outsideConfigWarnings(content, where), ...unprefixed, ...foreignKeyWarnings(other, where)];
    const secretsProvider = typeof content.secretsprovider === "string" ? content.secretsprovider : content.encryptionsalt ? "passphrase" : undefined;
    return { exists: true, project, secretKeys, other, secretsProvider, warnings };
}

/** Top-level keys the CLI does not read: a config key written outside `config:`, or a misspelled `config:`. */
function outsideConfigWarnings(content: Record<string, unknown>, where: string): ConfigProblem[] {
    const prefix = `${CONFIG_NAMESPACE}:`;
    return Object.keys(content)
        .filter(key => !STACK_FILE_KEYS.includes(key))
        .map(key => {
            if (key.startsWith(prefix)) {
                return {
                    key: key.slice(prefix.length),
                    message: `"${key}" is at the top level of ${where}, outside config:, so it is ignored`,
                    fix: `indent it under config: in ${where}`,
                };
            }
            const near = closest(key, STACK_FILE_KEYS);
            return {
                key,
                message: `"${key}" at the top level of ${where} is not a stack file setting, so it is ignored`,
                fix: near ? `did you mean "${near}:"? Rename it in ${where}` : `remove it from ${where}, or move it under config: with its namespace`,
            };
        });
}

/** Whether a value is, or holds somewhere inside, a Pulumi secret (`{ secure: "v1:..." }`). */
export function holdsSecret(value: unknown): boolean {
    if (Array.isArray(value)) {
        return value.some(holdsSecret);
    }
    if (isMapping(value)) {
        return (Object.keys(value).length === 1 && typeof value.secure === "string") || Object.values(value).some(holdsSecret);
    }
    return false;
}

function isMapping(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Names of the stacks that have a file in the project directory. */
export function stackNames(dir: string = projectDir()): string[] {
    return fs
        .readdirSync(dir)
        .map(f => /^Pulumi\.([\w.-]+)\.yaml$/.exec(f)?.[1])
        .filter((n): n is string => !!n)
        .sort();
}
