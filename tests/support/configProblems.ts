import { expect } from "chai";
import { RawConfig, ResolveContext, resolveConfig } from "../../components/stack/resolve";
import { ConfigProblem, ConfigValidationError } from "../../components/config/problems";

/** Resolves the config and returns its problems, or [] when it is valid. */
export function problemsOf(raw: RawConfig, context: ResolveContext = {}): ConfigProblem[] {
    try {
        resolveConfig(raw, context);
        return [];
    } catch (err) {
        expect(err).to.be.instanceOf(ConfigValidationError);
        return (err as ConfigValidationError).problems;
    }
}
