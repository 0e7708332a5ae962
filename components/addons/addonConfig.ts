/**
 * Reads the add-on keys of the stack config, as the add-on table declares them: `<name>Enabled`,
 * `<name>Version`, `<name>Values` and each definition's settings. Pure.
 */
import { ConfigReader } from "../config/read";
import { ADDON_CONFIG_DEFAULTS, ADDON_TABLE, AddonsConfig } from "./definitions";
import { AddonSetting, ResolvedAddon } from "./types";

export function readAddons(read: ConfigReader, raw: Partial<Record<string, unknown>>): AddonsConfig {
    const d = ADDON_CONFIG_DEFAULTS as Record<string, unknown>;
    const setting = (s: AddonSetting): number | string[] => (s.kind === "port" ? read.integer(s.key, raw[s.key], s.default) : read.stringList(s.key, raw[s.key], [...s.default]));
    const addons = ADDON_TABLE.map((a): [string, ResolvedAddon] => [
        a.name,
        {
            enabled: read.boolean(`${a.name}Enabled`, raw[`${a.name}Enabled`], d[`${a.name}Enabled`] as boolean),
            version: read.string(`${a.name}Version`, raw[`${a.name}Version`], d[`${a.name}Version`] as string),
            values: read.mapping(`${a.name}Values`, raw[`${a.name}Values`], {}),
            ...Object.fromEntries(Object.entries(a.settings).map(([field, s]) => [field, setting(s)])),
        } as ResolvedAddon,
    ]);
    return Object.fromEntries(addons) as unknown as AddonsConfig;
}
