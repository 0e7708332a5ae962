/**
 * Defaults of every stack config key: the areas' (config/defaults.ts) and the add-on table's.
 */
import { ADDON_CONFIG_DEFAULTS } from "../addons/definitions";
import { CONFIG_DEFAULTS } from "../config/defaults";
import { CalicoEksConfigInput } from "./input";

export const STACK_CONFIG_DEFAULTS: Required<CalicoEksConfigInput> = {
    ...CONFIG_DEFAULTS,
    // <addon>Enabled, <addon>Version, <addon>Values and the add-on settings: the add-on table holds their defaults.
    ...ADDON_CONFIG_DEFAULTS,
};

export type ConfigKey = keyof CalicoEksConfigInput;
