/**
 * The shape of the validation catalogue: configs a user could write, each either refused (with the key it
 * names, what the message says and what the fix says) or accepted (with what the plan shows gets built).
 * One file per area under tests/unit/catalogue/; tests/unit/catalogue.test.ts runs them all.
 */
import { RawConfig } from "../../components/stack/resolve";
import { CalicoEksConfig } from "../../components/stack/types";

export interface RefusedConfig {
    /** What the user did wrong, in their words. */
    readonly name: string;
    readonly config: RawConfig;
    /** The stack's AWS region, for checks that depend on it. */
    readonly region?: string;
    /** The config key the problem must name (exactly). */
    readonly key: string;
    /** What the message must say. */
    readonly message: RegExp;
    /** What the fix must say. */
    readonly fix: RegExp;
}

export interface AcceptedConfig {
    /** Why this edge case must keep working. */
    readonly name: string;
    readonly config: RawConfig;
    /** The stack's AWS region, for checks that depend on it. */
    readonly region?: string;
    /** Warnings that must be given (each pattern must match one formatted warning). */
    readonly warnings?: RegExp[];
    /** Lines the plan must show (each pattern must match somewhere in `npm run plan` output). */
    readonly plan: RegExp[];
    /** Further checks on the resolved config, if any. */
    readonly check?: (config: CalicoEksConfig) => void;
}

export interface Catalogue {
    readonly area: string;
    readonly refused: RefusedConfig[];
    readonly accepted: AcceptedConfig[];
}
