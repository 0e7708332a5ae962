/**
 * Typed readers over raw config values. Values may arrive as JSON values (the Automation API, tests) or as
 * the strings Pulumi stores (`"3"`, `"true"`, a JSON document for structured keys); both are accepted.
 * A value of the wrong type is recorded as a problem and the default is used, so validation can go on and
 * report everything at once.
 */
import { Problems, setCommand } from "./problems";

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
            this.problems.add(key, `expected a string, got ${JSON.stringify(raw)}`, setCommand(key, "<text>"));
            return fallback;
        }
        return raw.trim();
    }

    integer(key: string, raw: unknown, fallback: number): number {
        if (raw === undefined || raw === null || raw === "") {
            return fallback;
        }
        const value = typeof raw === "string" ? Number(raw.trim()) : raw;
        if (typeof value !== "number" || !Number.isInteger(value)) {
            this.problems.add(key, `expected a whole number, got ${JSON.stringify(raw)}`, setCommand(key, "<number>"));
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
        this.problems.add(key, `expected true or false, got ${JSON.stringify(raw)}`, setCommand(key, "true"));
        return fallback;
    }

    oneOf<T extends string>(key: string, raw: unknown, allowed: readonly T[], fallback: T, hint?: string): T {
        const value = this.string(key, raw, fallback);
        if (!(allowed as readonly string[]).includes(value)) {
            this.problems.add(
                key,
                `"${value}" is not one of ${allowed.map(a => `"${a}"`).join(", ")}${hint ? ` (${hint})` : ""}`,
                setCommand(key, allowed[0]),
            );
            return fallback;
        }
        return value as T;
    }

    stringList(key: string, raw: unknown, fallback: string[]): string[] {
        const value = this.structured(key, raw, "a list of strings");
        if (value === undefined) {
            return fallback;
        }
        if (!Array.isArray(value) || value.some(v => typeof v !== "string")) {
            this.problems.add(key, `expected a list of strings, got ${JSON.stringify(value)}`, `set it as a YAML list of strings in the stack file`);
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
            this.problems.add(key, `expected a list of objects, got ${JSON.stringify(value)}`, `set it as a YAML list of mappings in the stack file`);
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
        if (typeof value !== "object" || value === null || Array.isArray(value) || Object.values(value).some(v => typeof v !== "string")) {
            this.problems.add(key, `expected a mapping of strings, got ${JSON.stringify(value)}`, `set it as a YAML mapping of strings in the stack file`);
            return fallback;
        }
        return { ...(value as Record<string, string>) };
    }

    /** Reports fields of a structured item that the program does not know (usually a typo). */
    unknownFields(key: string, item: Record<string, unknown>, known: readonly string[]): void {
        for (const field of Object.keys(item)) {
            if (!known.includes(field)) {
                this.problems.add(`${key}.${field}`, `unknown field "${field}"`, `use one of ${known.join(", ")}`);
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
