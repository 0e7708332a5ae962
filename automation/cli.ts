/**
 * The project's own commands: `npm run up|preview|refresh|destroy|outputs|plan -- --stack <name>`.
 * They drive the Automation API module (state in a local file backend unless PULUMI_BACKEND_URL says
 * otherwise), so none needs a Pulumi account; `plan` needs neither the cloud nor the Pulumi CLI.
 */
import { ConfigValidationError } from "../components/config/problems";
import { openStack, validateStackConfig } from "./index";
import { renderPlan } from "./plan";
import { stackNames } from "./stackFiles";

const USAGE = "usage: npm run <up|preview|refresh|destroy|outputs|plan> -- --stack <name> [--pulumi <path to pulumi>] [--dir <project dir>]";

function option(args: string[], name: string): string | undefined {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : args.find(a => a.startsWith(`--${name}=`))?.split("=")[1];
}

export async function main(argv: string[]): Promise<number> {
    const [command, ...args] = argv;
    const stackName = option(args, "stack");
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
        const stack = await openStack({ stackName, workDir, pulumiPath: option(args, "pulumi") });
        const onOutput = (line: string) => process.stdout.write(line);
        switch (command) {
            case "up":
                await stack.up({ onOutput });
                break;
            case "preview":
                await stack.preview({ onOutput });
                break;
            case "refresh":
                await stack.refresh({ onOutput });
                break;
            case "destroy":
                await stack.destroy({ onOutput });
                break;
            case "outputs":
                console.log(JSON.stringify(await stack.outputs(), null, 2));
                break;
            default:
                console.error(USAGE);
                return 2;
        }
        return 0;
    } catch (err) {
        console.error(err instanceof ConfigValidationError ? err.message : String((err as Error).message ?? err));
        return 1;
    }
}

if (require.main === module) {
    main(process.argv.slice(2)).then(code => (process.exitCode = code));
}
