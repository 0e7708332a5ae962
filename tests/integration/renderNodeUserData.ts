/**
 * Runs the whole program under Pulumi mocks, in a process of its own (mocks are process-wide and the other
 * integration tests drive the real engine), and prints the user data of every launch template it creates:
 *
 *   node renderNodeUserData.js '<raw config JSON>'  ->  [{ "name": "<launch template>", "userData": "<base64>" }]
 *
 * So the NodeConfig nodeadm checks is the one the program writes, not a re-creation of it.
 */
import { runProgram } from "../unit/mockHarness";
import { calicoEksProgram } from "../../components/program";

async function main(): Promise<void> {
    const raw = JSON.parse(process.argv[2] ?? "{}");
    const { resources } = await runProgram(() => calicoEksProgram(raw));
    const launchTemplates = resources.ofType("aws:ec2/launchTemplate:LaunchTemplate").map(lt => ({ name: lt.name, userData: lt.inputs.userData as string }));
    // The last line: the runtime may log warnings to stdout before it.
    process.stdout.write(`\n${JSON.stringify(launchTemplates)}\n`);
}

main().catch(err => {
    console.error(err);
    process.exit(1);
});
