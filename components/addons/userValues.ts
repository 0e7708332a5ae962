/**
 * The user's own chart values per add-on (`<name>Values`): deep-merged over the program's values last, and
 * refused where they would change what the overlay needs (the host network, the moved ports, replicas that
 * must not share a node). Pure.
 */
import { Problems, setCommand } from "../config/problems";
import { AddonDefinition, GuardedValue, PortSetting, ResolvedAddon } from "./types";

/** A mapping to merge into: a plain object, not an array, null, or an object of a class (an Output stays a leaf). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
        return false;
    }
    const proto = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null;
}

/**
 * `override` merged into `base`, as Helm merges a values file into a chart's: mappings merge key by key, at
 * any depth; anything else replaces — a list replaces the whole list (it is not appended to), and null
 * replaces too (Helm then drops the key, the chart's default with it). Neither argument is changed; values
 * that are not plain objects (outputs of other resources) are kept as they are, never looked into.
 */
export function deepMerge(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
    const merged: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(override)) {
        const current = merged[key];
        merged[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
    }
    return merged;
}

/** The value at a dot-separated path, undefined where the path leaves the mappings. */
export function valueAt(values: unknown, path: string): unknown {
    return path.split(".").reduce<unknown>((at, part) => (isPlainObject(at) ? at[part] : undefined), values);
}

/**
 * Where the user's values touch `path`: the path itself, or the shorter one where they put something that is
 * not a mapping (a null, a list) over it. Undefined when they do not touch it.
 */
function userPathOver(user: Record<string, unknown>, path: string): string | undefined {
    const parts = path.split(".");
    let at: Record<string, unknown> = user;
    for (const [i, part] of parts.entries()) {
        if (!Object.prototype.hasOwnProperty.call(at, part)) {
            return undefined;
        }
        const value = at[part];
        // A mapping on the way merges into ours: only what it sets further down counts.
        if (i === parts.length - 1 || !isPlainObject(value)) {
            return parts.slice(0, i + 1).join(".");
        }
        at = value;
    }
    return undefined;
}

function sameValue(a: unknown, b: unknown): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Stand-ins for the outputs the values place (cluster name, region, VPC, role): no guarded path reads them,
 * so the program's values at the guarded paths are the ones `up` installs.
 */
const STAND_INS = { clusterName: "<clusterName>", region: "<region>", vpcId: "<vpcId>", roleArn: "<roleArn>" };

/**
 * Refuses the user's values of one add-on where they change a guarded path: a port setting's value path
 * (fix: the setting), or one of the definition's guarded values (fix: leave it out). Checked whether the
 * add-on is enabled or not, so that turning it on is never the moment they fail.
 */
export function checkUserValues(addon: AddonDefinition, resolved: ResolvedAddon, kubernetesVersion: string, problems: Problems): void {
    const user = resolved.values;
    if (Object.keys(user).length === 0) {
        return;
    }
    const ours = addon.values({ ...STAND_INS, settings: resolved, kubernetesVersion });
    const merged = deepMerge(ours, user);
    const valuesKey = `${addon.name}Values`;
    const ports = Object.values(addon.settings).filter((s): s is PortSetting => s.kind === "port");
    const guards: Guard[] = [...ports.map(p => ({ path: p.valuePath, port: p })), ...addon.guarded];
    // One problem per value the user set: a null or a list over a whole mapping may undo several guards.
    const byUserPath = new Map<string, Guard[]>();
    for (const guard of guards) {
        const theirs = valueAt(merged, guard.path);
        if (!sameValue(theirs, valueAt(ours, guard.path)) && !("allows" in guard && guard.allows?.(theirs))) {
            const set = userPathOver(user, guard.path) ?? guard.path;
            byUserPath.set(set, [...(byUserPath.get(set) ?? []), guard]);
        }
    }
    for (const [set, broken] of byUserPath) {
        const key = `${valuesKey}.${set}`;
        const what = broken.map(
            g =>
                `${g.path}, which the program ${valueAt(ours, g.path) === undefined ? "leaves to the chart" : `sets to ${JSON.stringify(valueAt(ours, g.path))}`}: ${"port" in g ? `the host port of its ${g.port.purpose}, checked by the host-port plan and set by ${g.port.key}` : g.why}`,
        );
        const moves = broken.flatMap(g => ("port" in g ? [` and move the port with ${setCommand(g.port.key, "<a free port: npm run plan lists the taken ones>")}`] : []));
        problems.add(
            key,
            `${set === broken[0].path ? "changes" : `sets ${set} to ${JSON.stringify(valueAt(user, set))}, which changes`} ${what.join("; and ")}`,
            `pulumi config rm --path '${key}'${moves.join("")}${moves.length ? "" : ` (use ${valuesKey} for the chart's other values)`}`,
        );
    }
}

type Guard = GuardedValue | { readonly path: string; readonly port: PortSetting };

/**
 * A guard's `allows` for a list of command-line arguments: true unless it names one of `flags` (as
 * `--flag=value` or `--flag` followed by the value), which would move a port the host-port plan holds.
 */
export function argsWithout(...flags: string[]): (value: unknown) => boolean {
    return value =>
        !Array.isArray(value) || !value.some(arg => typeof arg === "string" && flags.some(flag => arg.trim() === flag || arg.trim().startsWith(`${flag}=`) || arg.trim().startsWith(`${flag} `)));
}
