/**
 * The project's own commands: `npm run up|preview|refresh|destroy|outputs|plan -- --stack <name>`.
 * They drive the Automation API module (state in a local file backend unless PULUMI_BACKEND_URL says
 * otherwise), so none needs a Pulumi account; `plan` needs neither the cloud nor the Pulumi CLI.
 */
import * as fs from "fs";
import { ConfigProblem, ConfigValidationError, formatProblem } from "../components/config/problems";
import { closest } from "../components/config/suggest";
import { StackOptionError } from "./errors";
import { CalicoEksStack, openStack, StackLockedError, validateStackConfig } from "./index";
import { doctor } from "./doctor";
import { DoctorReport, formatDoctorReport } from "./doctorFindings";
import { renderPlan } from "./plan";
import { projectDir, stackNames } from "./stackFiles";

const USAGE =
    "usage: npm run <up|preview|refresh|destroy|outputs|plan|doctor> -- --stack <name> [--pulumi <path to pulumi>] [--dir <project dir>]\n" +
    "       npm run doctor -- --kubeconfig <file>   (any cluster, no stack)";

/**
 * An option's value. Given without one (`--dir` last, `--stack --pulumi x`, `--dir=`) or twice, it is refused, not
 * ignored: the message is the usage error.
 */
function option(args: string[], name: string): string | undefined {
    // `--stack dev ... --stack prod`: which one was meant is not for this command to guess.
    if (args.filter(a => a === `--${name}` || a.startsWith(`--${name}=`)).length > 1) {
        throw new Error(`--${name} is given more than once; give it once`);
    }
    const i = args.indexOf(`--${name}`);
    const value = i >= 0 ? args[i + 1] : args.find(a => a.startsWith(`--${name}=`))?.slice(`--${name}=`.length);
    const given = i >= 0 || args.some(a => a.startsWith(`--${name}=`));
    if (given && (value === undefined || value === "" || (i >= 0 && value.startsWith("--")))) {
        throw new Error(`--${name} needs a value, e.g. --${name} ${name === "stack" ? "dev" : name === "dir" ? "<project dir>" : `<${name}>`}`);
    }
    return value;
}

const COMMANDS = ["up", "preview", "refresh", "destroy", "outputs", "plan", "doctor"];
const OPTIONS = ["stack", "kubeconfig", "dir", "pulumi"];

/**
 * An argument that is no option's value: a misspelled option (`--stak dev`) or a stray word. The usual cause of a
 * stray word is `npm run up --stack dev` without `--`: npm takes `--stack` for its own setting and passes only
 * "dev" (`--stack=dev` passes nothing, and leaves npm_config_stack set).
 */
function unexpectedArgument(command: string, args: string[], env: NodeJS.ProcessEnv): string | undefined {
    const npmTookStack = env.npm_config_stack !== undefined;
    for (let i = 0; i < args.length; i++) {
        const name = /^--([^=]+)/.exec(args[i])?.[1];
        if (name !== undefined && OPTIONS.includes(name)) {
            i += args[i].includes("=") ? 0 : 1;
        } else if (name !== undefined) {
            const near = closest(name, OPTIONS);
            return `unknown option --${name}${near ? `; did you mean --${near}?` : ""}`;
        } else {
            const stack = npmTookStack && env.npm_config_stack !== "true" ? env.npm_config_stack : args[i];
            return npmTookStack
                ? `npm took --stack as its own setting: put -- before the command's options, e.g. npm run ${command} -- --stack ${stack}`
                : `unexpected argument ${JSON.stringify(args[i])}`;
        }
    }
    if (npmTookStack && !args.some(a => a === "--stack" || a.startsWith("--stack="))) {
        return `npm took --stack as its own setting: put -- before the command's options, e.g. npm run ${command} -- --stack ${env.npm_config_stack === "true" ? "<name>" : env.npm_config_stack}`;
    }
    return undefined;
}

/**
 * Errors whose message says all there is to say (a failed CLI run carries the CLI's own output); anything else
 * is unexpected and shown with its stack trace.
 */
function isKnownError(err: unknown): err is Error {
    if (err instanceof ConfigValidationError || err instanceof StackLockedError || err instanceof StackOptionError) {
        return true;
    }
    // Only an error can need the SDK here: it is not loaded for the commands that do not run the CLI.
    return err instanceof (require("@pulumi/pulumi/automation") as typeof import("@pulumi/pulumi/automation")).CommandError;
}

function stacksHere(workDir: string | undefined): string {
    const dir = workDir ?? projectDir();
    return fs.existsSync(dir) ? stackNames(dir).join(", ") || "none" : `none (${dir} does not exist)`;
}

const onOutput = (line: string) => process.stdout.write(line);

/** The stack operations, by command. */
const OPERATIONS: Record<string, (stack: CalicoEksStack) => Promise<unknown>> = {
    up: stack => stack.up({ onOutput }),
    preview: stack => stack.preview({ onOutput }),
    refresh: stack => stack.refresh({ onOutput }),
    destroy: stack => stack.destroy({ onOutput }),
    outputs: async stack => console.log(JSON.stringify(await stack.outputs(), null, 2)),
    doctor: async stack => report(await stack.doctor()),
};

/** Prints a doctor report; 1 when the control plane calls anything it cannot reach. */
function report(result: DoctorReport): number {
    console.log(formatDoctorReport(result));
    return result.findings.some(f => f.level === "unreachable") ? 1 : 0;
}

export async function main(argv: string[]): Promise<number> {
    const [command, ...args] = argv;
    let stackName: string | undefined, kubeconfigFile: string | undefined, workDir: string | undefined, pulumiPath: string | undefined;
    try {
        [stackName, kubeconfigFile, workDir, pulumiPath] = OPTIONS.map(name => option(args, name));
    } catch (err) {
        console.error(`${(err as Error).message}\n${USAGE}`);
        return 2;
    }
    // Checked before anything opens a stack; a list, not an object's keys ("constructor" is not a command).
    if (command !== undefined && !COMMANDS.includes(command)) {
        console.error(`unknown command ${JSON.stringify(command)}\n${USAGE}`);
        return 2;
    }
    const unexpected = command === undefined ? undefined : unexpectedArgument(command, args, process.env);
    if (unexpected) {
        console.error(`${unexpected}\n${USAGE}`);
        return 2;
    }
    if (command === "doctor" && kubeconfigFile) {
        try {
            return report(await doctor({ kubeconfig: fs.readFileSync(kubeconfigFile, "utf8") }));
        } catch (err) {
            console.error(String((err as Error).message ?? err));
            return 1;
        }
    }
    if (!command || !stackName) {
        console.error(`${USAGE}\nstacks with a file here: ${stacksHere(workDir)}`);
        return 2;
    }
    try {
        if (command === "plan") {
            const warnings: ConfigProblem[] = [];
            console.log(renderPlan(stackName, validateStackConfig({ stackName, workDir, requireStackFile: true }, warnings), warnings));
            return 0;
        }
        const operation = OPERATIONS[command];
        const stack = await openStack({ stackName, workDir, pulumiPath });
        stack.warnings.forEach(w => console.error(`warning: ${formatProblem(w)}`));
        const code = await operation(stack);
        return typeof code === "number" ? code : 0;
    } catch (err) {
        console.error(isKnownError(err) ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err));
        return 1;
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then(code => (process.exitCode = code));
}
