/**
 * Typed readers over raw config values. Values may arrive as JSON values (the Automation API, tests) or as
 * the strings Pulumi stores (`"3"`, `"true"`, a JSON document for structured keys); both are accepted.
 * A value of the wrong type is recorded as a problem and the default is used, so validation can go on and
 * report everything at once. Each problem's fix carries a concrete value wherever one can be known: the
 * allowed value the user most likely meant, the number without its unit, the list written as list items.
 */
import { Problems, setCommand } from "./problems";
import { closest } from "./suggest";
import { shellValue, unknownFieldFix } from "./unknownKeys";

/** Words that say yes or no, as people write them in YAML (`yes`, `on`) or other tools (`Enabled`). */
const YES = /^(true|yes|y|on|1|enabled?)$/i;
const NO = /^(false|no|n|off|0|disabled?)$/i;

/** Text the CLI's --path would store as a number or boolean: only quoting in the stack file keeps it a string. */
const TYPED_LOOKING = /^(-?\d+(\.\d+)?|true|false)$/i;

/** The `pulumi config set` commands that write each item of a list under `key`. */
function listSetCommands(key: string, items: string[]): string {
    if (items.some(item => TYPED_LOOKING.test(item))) {
        return `quote each item in the stack file (${key}: [${items.map(i => JSON.stringify(i)).join(", ")}])`;
    }
    return items.map((item, i) => setCommand(`${key}[${i}]`, shellValue(item))).join(" && ");
}

/** The `pulumi config set` commands that write each entry of a mapping under `key`. */
function mapSetCommands(key: string, entries: [string, string][]): string {
    if (entries.some(([, v]) => TYPED_LOOKING.test(v))) {
        return `quote each value in the stack file (${entries.map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(", ")})`;
    }
    return entries.map(([k, v]) => setCommand(`${key}[${JSON.stringify(k)}]`, shellValue(v))).join(" && ");
}

/** How a value that is not a string reads in a message: "the number 1.3", "true", "[...]". */
function describe(raw: unknown): string {
    return typeof raw === "number" ? `the number ${raw}` : JSON.stringify(raw);
}

export class ConfigReader {
    constructor(private readonly problems: Problems) {}

    /** Records a problem found while reading a value. */
    report(key: string, message: string, fix: string): void {
        this.problems.add(key, message, fix);
    }

    string(key: string, raw: unknown, fallback: string): string {
        if (raw === undefined || raw === null) {
            return fallback;
        }
        if (typeof raw !== "string") {
            this.problems.add(key, `expected a string, got ${describe(raw)}${yamlNumberNote(raw)}`, this.stringFix(key, raw, fallback));
            return fallback;
        }
        return raw.trim();
    }

    /** A number or boolean is the text the user meant, unquoted; otherwise the default shows the form. */
    private stringFix(key: string, raw: unknown, fallback: string): string {
        if (typeof raw === "number" && !Number.isInteger(raw)) {
            // The digits the user wrote may have lost a trailing zero (1.30 -> 1.3): offer both readings.
            return `quote the value in the stack file as you meant it, e.g. ${setCommand(key, `'${raw}0'`)} (or '${raw}')`;
        }
        if (typeof raw === "number" || typeof raw === "boolean") {
            return `quote the value in the stack file, or ${setCommand(key, `'${String(raw)}'`)}`;
        }
        if (Array.isArray(raw) && raw.length === 1 && typeof raw[0] === "string") {
            return `give one value, not a list: ${setCommand(key, shellValue(raw[0]))}`;
        }
        return setCommand(key, fallback ? shellValue(fallback) : "<text>");
    }

    integer(key: string, raw: unknown, fallback: number): number {
        if (raw === undefined || raw === null || raw === "") {
            return fallback;
        }
        const value = typeof raw === "string" ? Number(raw.trim()) : raw;
        if (typeof value !== "number" || !Number.isInteger(value)) {
            const meant = wholeNumberIn(raw);
            const units = typeof raw === "string" && /^\s*\d+(\.\d+)?\s*[A-Za-z]/.test(raw) ? " (no unit: the key's name says which)" : "";
            this.problems.add(key, `expected a whole number, got ${JSON.stringify(raw)}${units}`, setCommand(key, String(meant ?? fallback)));
            return fallback;
        }
        return value;
    }

    boolean(key: string, raw: unknown, fallback: boolean): boolean {
        if (raw === undefined || raw === null || raw === "") {
            return fallback;
        }
        if (raw === true || raw === "true") {
            return true;
        }
        if (raw === false || raw === "false") {
            return false;
        }
        const text = String(raw).trim();
        const meant = YES.test(text) ? true : NO.test(text) ? false : fallback;
        this.problems.add(key, `expected true or false, got ${JSON.stringify(raw)}`, setCommand(key, String(meant)));
        return fallback;
    }

    /** One of a fixed set of strings; any other value, of any type, is refused naming the allowed ones. */
    oneOf<T extends string>(key: string, raw: unknown, allowed: readonly T[], fallback: T, hint?: string): T {
        if (raw === undefined || raw === null) {
            return fallback;
        }
        const text = typeof raw === "string" ? raw.trim() : undefined;
        if (text !== undefined && (allowed as readonly string[]).includes(text)) {
            return text as T;
        }
        this.problems.add(key, `${JSON.stringify(raw)} is not one of ${allowed.map(a => `"${a}"`).join(", ")}${hint ? ` (${hint})` : ""}`, setCommand(key, likelyMeant(raw, allowed)));
        return fallback;
    }

    stringList(key: string, raw: unknown, fallback: string[]): string[] {
        if (typeof raw === "string" && raw.trim() !== "" && !parsesAsJson(raw)) {
            // Plain text where a list belongs: `a` or `a,b`, as a CLI flag would take it.
            const items = raw
                .split(",")
                .map(s => s.trim())
                .filter(Boolean);
            this.problems.add(key, `expected a list of strings, got the text ${JSON.stringify(raw)}`, `write it as a YAML list in the stack file, or ${listSetCommands(key, items)}`);
            return fallback;
        }
        const value = this.structured(key, raw, "a list of strings");
        if (value === undefined) {
            return fallback;
        }
        if (!Array.isArray(value) || value.some(v => typeof v !== "string")) {
            const items = Array.isArray(value) ? value : [value];
            const fix = items.every(v => v !== null && typeof v !== "object")
                ? `write each item as a string: ${listSetCommands(key, items.map(String))}`
                : `set it as a YAML list of strings in the stack file`;
            this.problems.add(key, `expected a list of strings, got ${JSON.stringify(value)}`, fix);
            return fallback;
        }
        return value.map(v => v.trim());
    }

    /** A list of objects (ipPools, nodeGroups, ...). */
    objectList(key: string, raw: unknown): Record<string, unknown>[] | undefined {
        const value = this.structured(key, raw, "a list of objects");
        if (value === undefined) {
            return undefined;
        }
        if (!Array.isArray(value) || value.some(v => typeof v !== "object" || v === null || Array.isArray(v))) {
            const single = isPlainObject(value) ? Object.entries(value).filter(([, v]) => v === null || typeof v !== "object") : [];
            const fix = single.length
                ? `make it a list of one item ("- " before its first field in the stack file), or ${single.map(([f, v]) => setCommand(`${key}[0].${f}`, shellValue(v))).join(" && ")}`
                : `set it as a YAML list of mappings in the stack file`;
            this.problems.add(key, `expected a list of objects, got ${JSON.stringify(value)}`, fix);
            return undefined;
        }
        return value as Record<string, unknown>[];
    }

    /** A map of string to string (labels). */
    stringMap(key: string, raw: unknown, fallback: Record<string, string>): Record<string, string> {
        const value = this.structured(key, raw, "a mapping of strings");
        if (value === undefined) {
            return fallback;
        }
        if (!isPlainObject(value) || Object.values(value).some(v => typeof v !== "string")) {
            const entries = mapEntriesIn(value);
            const fix = entries ? `write it as a mapping of strings: ${mapSetCommands(key, entries)}` : `set it as a YAML mapping of strings in the stack file`;
            this.problems.add(key, `expected a mapping of strings, got ${JSON.stringify(value)}`, fix);
            return fallback;
        }
        return { ...(value as Record<string, string>) };
    }

    /** A mapping of anything (chart values): YAML/JSON, any depth. */
    mapping(key: string, raw: unknown, fallback: Record<string, unknown>): Record<string, unknown> {
        const value = this.structured(key, raw, "a mapping (chart values)");
        if (value === undefined) {
            return fallback;
        }
        if (!isPlainObject(value)) {
            this.problems.add(
                key,
                `expected a mapping of chart values, got ${JSON.stringify(value)}`,
                `set it as a YAML mapping in the stack file (${key}: {...}), or ${setCommand(`${key}.<value path>`, "<value>")}`,
            );
            return fallback;
        }
        return value;
    }

    /** Reports fields of a structured item that the program does not know (usually a typo). */
    unknownFields(key: string, item: Record<string, unknown>, known: readonly string[]): void {
        for (const field of Object.keys(item)) {
            if (!known.includes(field)) {
                this.problems.add(`${key}.${field}`, `unknown field "${field}"`, unknownFieldFix(key, field, item[field], known));
            }
        }
    }

    private structured(key: string, raw: unknown, expected: string): unknown {
        if (raw === undefined || raw === null || raw === "") {
            return undefined;
        }
        if (typeof raw !== "string") {
            return raw;
        }
        try {
            return JSON.parse(raw);
        } catch {
            this.problems.add(key, `expected ${expected} (structured YAML/JSON), got the text ${JSON.stringify(raw)}`, `write it as YAML in the stack file or pass JSON`);
            return undefined;
        }
    }
}

/** YAML reads an unquoted 1.30 as the number 1.3: say so, since the user never wrote "1.3". */
function yamlNumberNote(raw: unknown): string {
    return typeof raw === "number" && !Number.isInteger(raw) ? ` (YAML reads an unquoted ${raw}0 as ${raw} too)` : "";
}

/** The allowed value a wrong one most likely meant: same word in another case, yes/no words, a near spelling. */
function likelyMeant<T extends string>(raw: unknown, allowed: readonly T[]): T {
    const text = String(raw).trim();
    const sameWord = allowed.find(a => a.toLowerCase() === text.toLowerCase());
    if (sameWord) {
        return sameWord;
    }
    if (YES.test(text) || NO.test(text)) {
        const meaning = YES.test(text) ? /^enabled?$/i : /^disabled?$/i;
        const byMeaning = allowed.find(a => meaning.test(a));
        if (byMeaning) {
            return byMeaning;
        }
    }
    return (closest(text.replace(/[-\s]/g, "_"), allowed) ?? closest(text, allowed) ?? allowed[0]) as T;
}

/** `"100Gi"` → 100, `2.5` → 3: the whole number a wrong value most likely meant, if any. */
function wholeNumberIn(raw: unknown): number | undefined {
    if (typeof raw === "number" && Number.isFinite(raw)) {
        return Math.round(raw);
    }
    const digits = typeof raw === "string" ? /^\s*(\d+(?:\.\d+)?)/.exec(raw) : null;
    return digits ? Math.round(Number(digits[1])) : undefined;
}

function parsesAsJson(text: string): boolean {
    try {
        JSON.parse(text);
        return true;
    } catch {
        return false;
    }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The entries a mapping of strings was meant to hold: `["k=v"]` list items, or values that are not strings yet. */
function mapEntriesIn(value: unknown): [string, string][] | undefined {
    if (Array.isArray(value) && value.length && value.every(v => typeof v === "string" && /^[^=]+=/.test(v))) {
        return value.map(v => [v.slice(0, v.indexOf("=")).trim(), v.slice(v.indexOf("=") + 1).trim()]);
    }
    if (isPlainObject(value) && Object.values(value).every(v => v !== null && typeof v !== "object")) {
        return Object.entries(value).map(([k, v]) => [k, String(v)]);
    }
    return undefined;
}
