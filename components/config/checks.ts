/**
 * Pieces the area checks share: the Kubernetes name rule and the named address ranges that the network
 * checks parse once and the pool checks reuse. Pure.
 */
import { Cidr } from "../net/cidr";
import { Problems, setCommand } from "./problems";

/** Kubernetes object names (pool and node group names end up as such). */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** A parsed address range of the config, with the key it came from. */
export interface NamedRange {
    readonly key: string;
    readonly what: string;
    readonly cidr: Cidr;
}

/**
 * A name that becomes a Kubernetes or AWS object name: a DNS label of at most `maxLength` characters, unique
 * among `seen` (to which it is added). Returns whether it passed.
 */
export function validateName(key: string, name: string, rule: { what: string; maxLength: number; example: string }, seen: Set<string>, problems: Problems): boolean {
    if (!DNS_LABEL.test(name) || name.length > rule.maxLength) {
        problems.add(key, `"${name}" is not a valid ${rule.what} name (up to ${rule.maxLength} lower-case letters, digits and '-')`, setCommand(key, rule.example));
        return false;
    }
    if (seen.has(name)) {
        problems.add(key, `${rule.what} name "${name}" is used twice`, `give every ${rule.what} its own name`);
        return false;
    }
    seen.add(name);
    return true;
}
