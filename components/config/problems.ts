/**
 * Collects what is wrong with a stack's configuration, so that every problem is reported at once,
 * each naming its config key and the fix, before any resource is created.
 */
import { CONFIG_NAMESPACE } from "./defaults";

export interface ConfigProblem {
    /** The config key, with a path into structured values: `ipPools[0].cidr`. */
    readonly key: string;
    /** What is wrong. */
    readonly message: string;
    /** What to change. */
    readonly fix: string;
}

export function formatProblem(problem: ConfigProblem): string {
    return `${CONFIG_NAMESPACE}:${problem.key}: ${problem.message}. Fix: ${problem.fix}`;
}

export class ConfigValidationError extends Error {
    constructor(readonly problems: ConfigProblem[]) {
        super(`Invalid stack configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}); nothing was created:\n` + problems.map(p => `  - ${formatProblem(p)}`).join("\n"));
        this.name = "ConfigValidationError";
    }
}

export class Problems {
    private readonly list: ConfigProblem[] = [];
    private readonly notes: ConfigProblem[] = [];

    add(key: string, message: string, fix: string): void {
        this.list.push({ key, message, fix });
    }

    /** Something that does not stop the deployment but that the user should know (shown by plan and up). */
    warn(key: string, message: string, fix: string): void {
        this.notes.push({ key, message, fix });
    }

    get all(): ConfigProblem[] {
        return [...this.list];
    }

    get warnings(): ConfigProblem[] {
        return [...this.notes];
    }

    /** Throws one error listing every problem, if there is any. */
    throwIfAny(): void {
        if (this.list.length > 0) {
            throw new ConfigValidationError(this.all);
        }
    }
}

/** The `pulumi config set` command that sets a key, with --path for structured keys. */
export function setCommand(key: string, value: string): string {
    const path = /[.[]/.test(key) ? "--path " : "";
    return `pulumi config set ${path}'${key}' ${value}`;
}
