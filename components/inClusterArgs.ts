/**
 * Validation of the in-cluster components' arguments (CalicoNetworking, ClusterAddons), which take a part of the
 * stack config's keys, with the same names and defaults, to run against any cluster's provider. The same
 * `resolveConfig` checks them; only the problems about the component's own arguments are reported (the other
 * keys are the stack config's defaults, filled in to run the checks), all at once, as one ResourceError on the
 * component.
 */
import * as pulumi from "@pulumi/pulumi";
import { argsErrorMessage, ComponentArgsError, formatArgProblem, problemsWorded } from "./clusterArgs";
import { ConfigProblem, ConfigValidationError } from "./config/problems";
import { RawConfig, resolveConfig } from "./stack/resolve";
import { CalicoEksConfig } from "./stack/types";

/** What an in-cluster component refuses: one error on it listing every problem (`problems` holds them). */
export class InClusterArgsError extends ComponentArgsError {}

/** True when a problem is about one of `keys` (`ipPools` covers `ipPools[0].cidr`). */
function isAbout(problem: ConfigProblem, keys: readonly string[]): boolean {
    return keys.some(key => problem.key === key || problem.key.startsWith(`${key}[`) || problem.key.startsWith(`${key}.`));
}

/**
 * Resolves `given` (stack config keys, `undefined` ones left out) and throws one InClusterArgsError on `resource`
 * when any of `ownKeys` has a problem. Warnings about the given keys are logged on the resource unless `quiet` (a
 * parent that already validated the whole config logged them). `standIns` fill keys the component never takes.
 */
export function resolveInClusterArgs(label: string, given: Record<string, unknown>, ownKeys: readonly string[], resource: pulumi.Resource, quiet: boolean, standIns: RawConfig = {}): CalicoEksConfig {
    const known = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
    const raw: RawConfig = { ...standIns, ...known };
    const warnings: ConfigProblem[] = [];
    let problems: ConfigProblem[] = [];
    let config: CalicoEksConfig | undefined;
    try {
        config = resolveConfig(raw, { warnings });
    } catch (err) {
        if (!(err instanceof ConfigValidationError)) {
            throw err;
        }
        // Any key the caller gave is theirs (a misspelt one included); the rest are defaults.
        const theirs = [...ownKeys, ...Object.keys(known)];
        problems = err.problems.filter(p => isAbout(p, theirs));
        if (problems.length === 0) {
            // Defaults that fail only together with the given keys: say everything rather than nothing.
            problems = err.problems;
        }
    }
    if (problems.length || !config) {
        throw new InClusterArgsError(argsErrorMessage(label, problems, "args"), resource, problemsWorded(problems, "args"));
    }
    if (!quiet) {
        // Only about what the caller gave: a default's warning is about a choice nobody made here.
        warnings.filter(w => isAbout(w, Object.keys(known))).forEach(w => pulumi.log.warn(formatArgProblem(label, w), resource));
    }
    return config;
}

/** Whether `opts.parent` is a CalicoEksCluster, which validated (and warned about) the whole config already. */
export function parentValidated(opts: pulumi.ComponentResourceOptions | undefined): boolean {
    return (opts?.parent as { __pulumiType?: string } | undefined)?.__pulumiType === "calico-eks:index:CalicoEksCluster";
}
