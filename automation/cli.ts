/**
 * The project's own commands: `npm run up|preview|refresh|destroy|outputs|plan -- --stack <name>`.
 * They drive the Automation API module (state in a local file backend unless PULUMI_BACKEND_URL says
 * otherwise), so none needs a Pulumi account; `plan` needs neither the cloud nor the Pulumi CLI.
 */
import { ConfigValidationError } from "../components/config/problems";
import { CalicoEksStack, openStack, validateStackConfig } from "./index";
import * as fs from "fs";
import { doctor } from "./doctor";
import { DoctorReport, formatDoctorReport } from "./doctorFindings";
import { renderPlan } from "./plan";
import { stackNames } from "./stackFiles";

const USAGE =
    "usage: npm run <up|preview|refresh|destroy|outputs|plan|doctor> -- --stack <name> [--pulumi <path to pulumi>] [--dir <project dir>]\n" +
    "       npm run doctor -- --kubeconfig <file>   (any cluster, no stack)";

function option(args: string[], name: string): string | undefined {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : args.find(a => a.startsWith(`--${name}=`))?.split("=")[1];
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
    const stackName = option(args, "stack");
    const kubeconfigFile = option(args, "kubeconfig");
    if (command === "doctor" && kubeconfigFile) {
        try {
            return report(await doctor({ kubeconfig: fs.readFileSync(kubeconfigFile, "utf8") }));
        } catch (err) {
            console.error(String((err as Error).message ?? err));
            return 1;
        }
    }
    const workDir = option(args, "dir");
    if (!command || !stackName) {
        console.error(`${USAGE}\nstacks with a file here: ${stackNames(workDir).join(", ")}`);
        return 2;
    }
    try {
        if (command === "plan") {
            console.log(renderPlan(stackName, validateStackConfig({ stackName, workDir })));
            return 0;
        }
        const operation = OPERATIONS[command];
        if (!operation) {
            console.error(USAGE);
            return 2;
        }
        const code = await operation(await openStack({ stackName, workDir, pulumiPath: option(args, "pulumi") }));
        return typeof code === "number" ? code : 0;
    } catch (err) {
        console.error(err instanceof ConfigValidationError ? err.message : String((err as Error).message ?? err));
        return 1;
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then(code => (process.exitCode = code));
}
