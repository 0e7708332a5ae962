/**
 * The order add-ons are installed in, from each definition's `after`. Pure.
 */
import { AddonDefinition } from "./types";

/**
 * `addons` ordered so that each comes after everything of its `after` that is among them (the table's order
 * otherwise). An `after` naming an add-on that is not in `addons` (disabled) is no constraint. Throws on a
 * cycle: the table is wrong, and no config can fix it.
 */
export function installOrder<A extends AddonDefinition>(addons: readonly A[]): A[] {
    const names = new Set(addons.map(a => a.name));
    const done: A[] = [];
    const placed = new Set<string>();
    while (done.length < addons.length) {
        const next = addons.find(a => !placed.has(a.name) && a.after.every(n => placed.has(n) || !names.has(n)));
        if (!next) {
            throw new Error(
                `add-on table: a cycle in "after" among ${addons
                    .filter(a => !placed.has(a.name))
                    .map(a => a.name)
                    .join(", ")}`,
            );
        }
        done.push(next);
        placed.add(next.name);
    }
    return done;
}
