/**
 * The Pulumi CLI the module runs: exactly the binary the caller names (`pulumiPath`), or `pulumi` from PATH.
 * The SDK's PulumiCommand.get only knows installation roots (`<root>/bin/pulumi`): given `/opt/pulumi/pulumi`
 * it would run `/opt/bin/pulumi`, another binary or none. So the command is built for the given path, after
 * the same version check PulumiCommand.get makes. A directory, a missing or a non-executable file is refused,
 * naming what was given. The CLI is never downloaded.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import type * as automation from "@pulumi/pulumi/automation";
import { StackOptionError } from "./errors";

type SemVer = NonNullable<automation.PulumiCommand["version"]>;

/**
 * The SDK's own version check and constructor. Both are plain exports of the pinned @pulumi/pulumi (the
 * constructor is private only to TypeScript); tests/unit/automation.test.ts runs a fake CLI through them, so an
 * SDK update that changes them fails there, not in a caller's deployment. Loaded on use: the SDK is slow to load.
 */
function sdk() {
    return {
        parseAndValidatePulumiVersion: (
            require("@pulumi/pulumi/automation/cmd") as {
                parseAndValidatePulumiVersion(minimum: SemVer, current: string, optOut: boolean): SemVer | null;
            }
        ).parseAndValidatePulumiVersion,
        minimumVersion: (require("@pulumi/pulumi/automation/minimumVersion") as { minimumVersion: SemVer }).minimumVersion,
        PulumiCommandAt: (require("@pulumi/pulumi/automation") as typeof automation).PulumiCommand as unknown as new (command: string, version: SemVer | null) => automation.PulumiCommand,
    };
}

const SKIP_VERSION_CHECK = "PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK";

function notFound(where: string): StackOptionError {
    return new StackOptionError(
        `The Pulumi CLI was not found ${where}. Install it and put it on PATH, or pass pulumiPath ` +
            "(--pulumi <path> for the npm commands); tools/toolchain/build.sh builds one from source. It is never downloaded.",
    );
}

function findOnPath(command: string): string | undefined {
    return (process.env.PATH ?? "")
        .split(path.delimiter)
        .filter(Boolean)
        .map(dir => path.join(dir, command))
        .find(candidate => fs.existsSync(candidate) && fs.statSync(candidate).isFile());
}

/** The binary to run: the given path, checked, or `pulumi` on PATH. Throws StackOptionError. */
export function resolvePulumiPath(pulumiPath?: string): string {
    if (pulumiPath === undefined) {
        const found = findOnPath("pulumi");
        if (!found) {
            throw notFound("on PATH");
        }
        return found;
    }
    const binary = path.resolve(pulumiPath);
    if (!fs.existsSync(binary)) {
        throw notFound(`at ${pulumiPath}`);
    }
    if (fs.statSync(binary).isDirectory()) {
        const inside = ["pulumi", path.join("bin", "pulumi")].map(p => path.join(pulumiPath, p)).find(p => fs.existsSync(p));
        throw new StackOptionError(`pulumiPath ${pulumiPath} is a directory; give the pulumi binary itself${inside ? `, e.g. ${inside}` : ""}.`);
    }
    try {
        fs.accessSync(binary, fs.constants.X_OK);
    } catch {
        throw new StackOptionError(`pulumiPath ${pulumiPath} is not executable; give the pulumi binary, or make it executable (chmod +x ${pulumiPath}).`);
    }
    return binary;
}

/** How long `pulumi version` may take: a real CLI answers in well under a second. */
const VERSION_TIMEOUT_MS = 30000;

/** `<binary> version`'s output; stdin closed (a binary reading it would wait forever), bounded in time. */
function versionOutput(binary: string, env: NodeJS.ProcessEnv): Promise<string> {
    return new Promise((resolve, reject) => {
        const child = execFile(binary, ["version"], { env, timeout: VERSION_TIMEOUT_MS, maxBuffer: 1024 * 1024 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
        child.stdin?.end();
    });
}

/** A PulumiCommand that runs exactly `binary`, once its version passed the SDK's check. */
export async function pulumiCommandAt(binary: string, envVars: Record<string, string> = {}): Promise<automation.PulumiCommand> {
    let stdout: string;
    try {
        stdout = await versionOutput(binary, { ...process.env, ...envVars, PULUMI_SKIP_UPDATE_CHECK: "true" });
    } catch (err) {
        throw new StackOptionError(`pulumiPath ${binary} did not run as the Pulumi CLI (\`${binary} version\` failed: ${(err as Error).message.trim()}).`);
    }
    const printed = stdout.trim();
    // Pulumi prints "v3.259.0"; anything else is another program (the SDK would call it an internal error).
    if (!/^v?\d+\.\d+\.\d+(\S*)$/.test(printed)) {
        throw new StackOptionError(
            `pulumiPath ${binary} is not the Pulumi CLI: \`${binary} version\` printed ${JSON.stringify(printed.split("\n")[0].slice(0, 80))}, not a Pulumi version. ` +
                "Give the path of the pulumi binary itself.",
        );
    }
    const optOut = !!process.env[SKIP_VERSION_CHECK] || !!envVars[SKIP_VERSION_CHECK];
    let version: SemVer | null;
    try {
        version = sdk().parseAndValidatePulumiVersion(sdk().minimumVersion, printed, optOut);
    } catch (err) {
        throw new StackOptionError(`${binary}: ${(err as Error).message}`);
    }
    return new (sdk().PulumiCommandAt)(binary, version);
}
