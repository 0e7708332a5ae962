/**
 * Stack names, checked by Pulumi's own rules before anything reads a file or runs the CLI. Pulumi takes
 * `stack`, `org/stack` or `org/project/stack`; each part is a Pulumi name (letters, digits, `-`, `_`, `.`),
 * the stack and project parts at most 100 characters (the CLI's stack reference parsing, for the cloud and
 * file backends alike). File backends accept only `organization` as the org. This module is stricter in one
 * way: each part must start with a letter or digit, since a leading `-` reads as a CLI flag and a leading
 * `.` names a hidden stack file (`.` and `..` name directories).
 */
import { CONFIG_NAMESPACE } from "../components/config/defaults";
import { StackOptionError } from "./errors";

/** A Pulumi name: tokens.IsName in the Pulumi SDK. */
const PULUMI_NAME = /^[A-Za-z0-9_.-]+$/;
export const MAX_STACK_NAME_LENGTH = 100;
/** The only organization a file (diy) backend knows. */
export const FILE_BACKEND_ORGANIZATION = "organization";

export interface StackReference {
    readonly organization?: string;
    readonly project?: string;
    /** The stack's own name: the one in `Pulumi.<name>.yaml`. */
    readonly name: string;
}

/** Parses and checks a stack name; throws StackOptionError naming what is wrong and a name that would do. */
export function parseStackName(stackName: unknown, options: { fileBackend?: boolean } = {}): StackReference {
    if (typeof stackName !== "string" || stackName.trim() === "") {
        throw refused(stackName, "it is empty", "dev");
    }
    const parts = stackName.split("/");
    if (parts.length > 3) {
        throw refused(stackName, "it has more than the three parts organization/project/stack", parts[parts.length - 1]);
    }
    const [organization, project] = parts.length === 3 ? parts : parts.length === 2 ? [parts[0], undefined] : [undefined, undefined];
    const name = parts[parts.length - 1];
    for (const [part, what] of [
        [organization, "organization"],
        [project, "project"],
        [name, "stack"],
    ] as const) {
        if (part !== undefined && !PULUMI_NAME.test(part)) {
            throw refused(stackName, `the ${what} part ${JSON.stringify(part)} may only contain letters, digits, "-", "_" and "." (Pulumi's rule)`, suggestedName(name));
        }
    }
    if (name.length > MAX_STACK_NAME_LENGTH) {
        throw refused(stackName, `the stack part is ${name.length} characters long; Pulumi allows at most ${MAX_STACK_NAME_LENGTH}`, suggestedName(name));
    }
    for (const [part, what] of [
        [organization, "organization"],
        [project, "project"],
        [name, "stack"],
    ] as const) {
        if (part !== undefined && !/^[A-Za-z0-9]/.test(part)) {
            throw refused(
                stackName,
                `the ${what} part ${JSON.stringify(part)} must start with a letter or digit (a leading "-" reads as a CLI flag, a leading "." names a hidden file or a directory)`,
                suggestedName(name),
            );
        }
    }
    if (project !== undefined && project !== CONFIG_NAMESPACE) {
        throw refused(stackName, `the project part is "${project}", but this project is "${CONFIG_NAMESPACE}"`, `${organization}/${CONFIG_NAMESPACE}/${name}`);
    }
    if (options.fileBackend && organization !== undefined && organization !== FILE_BACKEND_ORGANIZATION) {
        throw refused(stackName, `a file backend knows only the organization "${FILE_BACKEND_ORGANIZATION}"`, name);
    }
    return { organization, project, name };
}

function refused(stackName: unknown, why: string, instead: string): StackOptionError {
    return new StackOptionError(`Invalid stack name ${JSON.stringify(stackName)}: ${why}. Use a name such as "${instead}".`);
}

/** The nearest valid name: other characters become "-", leading punctuation goes, cut to the limit. */
function suggestedName(name: string): string {
    const cleaned = name
        .replace(/[^A-Za-z0-9_.-]+/g, "-")
        .replace(/^[^A-Za-z0-9]+/, "")
        .slice(0, MAX_STACK_NAME_LENGTH)
        .replace(/[-_.]+$/, "");
    return cleaned || "dev";
}
