/**
 * Writes what the add-on table decides into the two files that cannot read it at run time: the add-on keys'
 * declarations in `Pulumi.yaml` (the Pulumi CLI reads that file, not the program) and the config-keys column of
 * the README's add-on table. A new add-on or setting is one change to its definition (plus its test), then:
 *
 *   npm run docs
 *
 * Unit tests (tests/unit/addonTable.test.ts) fail while either file differs from what this writes.
 */
import * as fs from "fs";
import * as path from "path";
import { projectDir } from "../automation/stackFiles";
import { ADDON_TABLE, configKeysOf, settingsOf } from "../components/addons/definitions";
import { AddonDefinition } from "../components/addons/types";

/** The first line of the add-on block in Pulumi.yaml, and the line that follows the block. */
export const ADDON_BLOCK_START = "  # --- Add-ons (generated from components/addons/definitions.ts by npm run docs; do not edit) ---";
export const ADDON_BLOCK_END = "  # --- end of the add-on keys ---";

function yamlScalar(value: unknown): string {
    return typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value).replace(/,/g, ", ");
}

/** A description as YAML reads it back: plain unless YAML would take part of it for syntax. */
function yamlText(text: string): string {
    return /: | #|^[-?:,[\]{}#&*!|>'"%@`]/.test(text) ? JSON.stringify(text) : text;
}

function declaration(key: string, type: string, description: string, value: unknown): string[] {
    return [`  ${key}:`, `    type: ${type}`, ...(type === "array" ? ["    items:", "      type: string"] : []), `    description: ${yamlText(description)}`, `    default: ${yamlScalar(value)}`];
}

function addonDeclarations(addon: AddonDefinition): string[] {
    const network = addon.hostNetwork ? "host network" : "overlay pod network";
    return [
        ...declaration(`${addon.name}Enabled`, "boolean", `Install ${addon.title} (${network}).`, addon.enabledByDefault),
        ...declaration(`${addon.name}Version`, "string", `${addon.title} chart version (${addon.chart.chart} from ${addon.chart.repository}).`, addon.chart.version),
        ...settingsOf(addon).flatMap(s => declaration(s.key, s.kind === "port" ? "integer" : "array", s.description, s.default)),
    ];
}

/** The add-on block of Pulumi.yaml, markers included (`<addon>Values` are structured: no declaration). */
export function pulumiYamlAddonBlock(): string {
    return [ADDON_BLOCK_START, ...ADDON_TABLE.flatMap(addonDeclarations), ADDON_BLOCK_END].join("\n");
}

/** Pulumi.yaml with its add-on block replaced by the table's. */
export function syncPulumiYaml(text: string): string {
    const start = text.indexOf(ADDON_BLOCK_START);
    const end = text.indexOf(ADDON_BLOCK_END);
    if (start < 0 || end < start) {
        throw new Error(`Pulumi.yaml: the add-on block markers are missing ("${ADDON_BLOCK_START.trim()}" ... "${ADDON_BLOCK_END.trim()}")`);
    }
    return text.slice(0, start) + pulumiYamlAddonBlock() + text.slice(end + ADDON_BLOCK_END.length);
}

/** The config keys an add-on row lists, in the table's order, a port with its default: `metricsServerPort` (4443). */
export function readmeKeys(addon: AddonDefinition): string[] {
    return configKeysOf(addon).map(key => {
        const port = settingsOf(addon).find(s => s.key === key && s.kind === "port");
        return port ? `${key} (${port.default})` : key;
    });
}

/** The keys a README cell lists, read as readmeKeys writes them (other notes in brackets are kept, not read). */
export function keysInCell(cell: string): string[] {
    return [...cell.matchAll(/`(\w+)`(?: \((\d+)\))?/g)].map(m => (m[2] ? `${m[1]} (${m[2]})` : m[1]));
}

/** The README with each add-on row's config-keys cell rewritten where its keys differ from the table's. */
export function syncReadme(text: string): string {
    return text
        .split("\n")
        .map(line => {
            const addon = ADDON_TABLE.find(a => line.startsWith(`| ${a.title} (`));
            if (!addon) {
                return line;
            }
            const cells = line.split(" | ");
            const last = cells[cells.length - 1];
            const expected = readmeKeys(addon);
            if (JSON.stringify(keysInCell(last)) === JSON.stringify(expected)) {
                return line;
            }
            cells[cells.length - 1] = `${expected.map(k => k.replace(/^(\w+)/, "`$1`")).join(", ")} |`;
            return cells.join(" | ");
        })
        .join("\n");
}

if (require.main === module) {
    const root = projectDir();
    for (const [file, sync] of [
        ["Pulumi.yaml", syncPulumiYaml],
        ["README.md", syncReadme],
    ] as const) {
        const full = path.join(root, file);
        const before = fs.readFileSync(full, "utf8");
        const after = sync(before);
        fs.writeFileSync(full, after);
        process.stdout.write(`${file}: ${before === after ? "up to date" : "updated"}\n`);
    }
}
