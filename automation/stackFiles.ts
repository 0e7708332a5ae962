/**
 * Reads a stack's config the way the Pulumi CLI would, without the CLI: the project's declared defaults
 * (Pulumi.yaml) overlaid with the stack file (Pulumi.<stack>.yaml). Used to validate before the engine
 * starts and by the plan command, which needs no cloud access and no Pulumi CLI.
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { CONFIG_NAMESPACE } from "../components/config/defaults";
import { RawConfig } from "../components/config/resolve";

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

/** Config keys (without namespace) that Pulumi.yaml declares, with their defaults. */
export function projectDefaults(dir: string = projectDir()): RawConfig {
    const project = yaml.load(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as { config?: Record<string, { default?: unknown }> };
    return Object.fromEntries(Object.entries(project.config ?? {}).filter(([, d]) => d.default !== undefined).map(([k, d]) => [k, d.default]));
}

export interface StackFileConfig {
    /** This project's keys, without the namespace. */
    readonly project: RawConfig;
    /** Everything else (aws:region, ...), with namespaces. */
    readonly other: Record<string, unknown>;
}

/** The stack file's config; empty when the stack has no file. `secure:` values are kept as they are. */
export function stackFileConfig(stackName: string, dir: string = projectDir()): StackFileConfig {
    const file = path.join(dir, `Pulumi.${stackName}.yaml`);
    if (!fs.existsSync(file)) {
        return { project: {}, other: {} };
    }
    const config = ((yaml.load(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> })?.config ?? {}) as Record<string, unknown>;
    const prefix = `${CONFIG_NAMESPACE}:`;
    const project: RawConfig = {};
    const other: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(config)) {
        if (key.startsWith(prefix)) {
            project[key.slice(prefix.length)] = value;
        } else {
            other[key] = value;
        }
    }
    return { project, other };
}

/** Names of the stacks that have a file in the project directory. */
export function stackNames(dir: string = projectDir()): string[] {
    return fs.readdirSync(dir).map(f => /^Pulumi\.([\w.-]+)\.yaml$/.exec(f)?.[1]).filter((n): n is string => !!n).sort();
}
