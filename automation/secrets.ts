/**
 * How a stack's secrets are encrypted: the secrets provider (an option, else the one the stack file already
 * names, else `passphrase`) and, for passphrase secrets, the passphrase. The kubeconfig output is a secret, so
 * an empty passphrase would leave cluster credentials as good as plain text in the state: it is refused, never
 * a default.
 */
import * as fs from "fs";
import * as path from "path";
import { StackOptionError } from "./errors";

/** The providers the Pulumi CLI takes for `--secrets-provider`. */
const PROVIDER_FORMS = [/^default$/, /^passphrase$/, /^awskms:\/\/.+/, /^azurekeyvault:\/\/.+/, /^gcpkms:\/\/.+/, /^hashivault:\/\/.+/];

export interface SecretsRequest {
    readonly stackName: string;
    /** The caller's `secretsProvider` option. */
    readonly secretsProvider?: string;
    /** The caller's `passphrase` option. */
    readonly passphrase?: string;
    /** The provider the stack file names (`secretsprovider:`, or "passphrase" for a passphrase salt). */
    readonly fileProvider?: string;
    /** Whether the backend is a file or bucket backend, whose `default` provider is the passphrase. */
    readonly fileBackend: boolean;
    /** The environment the CLI will see (process env with the caller's envVars over it). */
    readonly env: Readonly<Record<string, string | undefined>>;
}

export interface SecretsSettings {
    /** Passed to `pulumi stack init --secrets-provider` when the stack is created. */
    readonly provider: string;
    /** Environment the CLI needs for it (the passphrase), if any. */
    readonly env: Record<string, string>;
}

export function secretsSettings(request: SecretsRequest): SecretsSettings {
    const { secretsProvider, fileProvider, stackName } = request;
    if (secretsProvider !== undefined && !PROVIDER_FORMS.some(form => form.test(secretsProvider))) {
        throw new StackOptionError(
            `secretsProvider ${JSON.stringify(secretsProvider)} is not one the Pulumi CLI takes: use "passphrase", "default" (the backend's own), ` +
                `or a key URL such as "awskms://alias/pulumi-secrets?region=eu-west-1" (also azurekeyvault://, gcpkms://, hashivault://).`,
        );
    }
    if (secretsProvider !== undefined && fileProvider !== undefined && secretsProvider !== fileProvider) {
        throw new StackOptionError(
            `secretsProvider "${secretsProvider}" differs from the one stack "${stackName}" already uses ("${fileProvider}", in its stack file). ` +
                `Change it with \`pulumi stack change-secrets-provider --stack ${stackName} "${secretsProvider}"\` first, or leave the option out.`,
        );
    }
    const provider = secretsProvider ?? fileProvider ?? "passphrase";
    const usesPassphrase = provider === "passphrase" || (provider === "default" && request.fileBackend);
    if (!usesPassphrase) {
        return { provider, env: {} };
    }
    const passphrase = request.passphrase ?? request.env.PULUMI_CONFIG_PASSPHRASE;
    if (passphrase) {
        return { provider, env: { PULUMI_CONFIG_PASSPHRASE: passphrase } };
    }
    const passphraseFile = request.env.PULUMI_CONFIG_PASSPHRASE_FILE;
    if (passphrase === undefined && passphraseFile) {
        // The CLI reads the file itself, but from workDir, and trims it: an empty file is the empty passphrase.
        return { provider, env: { PULUMI_CONFIG_PASSPHRASE_FILE: checkedPassphraseFile(passphraseFile, stackName) } };
    }
    throw new StackOptionError(
        `No passphrase for stack "${stackName}"'s secrets (the kubeconfig output among them)${passphrase === "" ? ": the passphrase given is empty" : ""}. ` +
            "Set PULUMI_CONFIG_PASSPHRASE (or PULUMI_CONFIG_PASSPHRASE_FILE) or pass the passphrase option; or pass secretsProvider " +
            '(e.g. "awskms://alias/pulumi-secrets"). An empty passphrase is refused: it would leave the secrets as good as unencrypted.',
    );
}

/**
 * The passphrase file as an absolute path, after checking that it holds a passphrase. The CLI runs in workDir, so a
 * relative path is resolved here, where the caller meant it; and the CLI reads a file of only blanks (it trims it)
 * as the empty passphrase, which is refused like an empty PULUMI_CONFIG_PASSPHRASE.
 */
function checkedPassphraseFile(passphraseFile: string, stackName: string): string {
    const file = path.resolve(passphraseFile);
    let content: string;
    try {
        content = fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new StackOptionError(
            `PULUMI_CONFIG_PASSPHRASE_FILE ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): ` +
                `stack "${stackName}"'s secrets need its passphrase. Point it at the file that holds the passphrase, or set PULUMI_CONFIG_PASSPHRASE.`,
        );
    }
    if (content.trim() === "") {
        throw new StackOptionError(
            `PULUMI_CONFIG_PASSPHRASE_FILE ${file} is empty: the Pulumi CLI would encrypt stack "${stackName}"'s secrets (the kubeconfig output among them) ` +
                "with the empty passphrase. Write the passphrase into it, or set PULUMI_CONFIG_PASSPHRASE.",
        );
    }
    return file;
}
