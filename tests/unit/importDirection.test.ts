/**
 * Which part of components/ may import which. config/ is the base every area reads its keys with, so it
 * imports no area; the stack's whole config (stack/) is put together from the areas, so an area may name its
 * type but never run it. Read from the sources, so a new import in the wrong direction fails here.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { projectDir } from "../../automation/stackFiles";

const COMPONENTS = path.join(projectDir(), "components");

interface Import {
    readonly from: string;
    /** Folder under components/ ("config", "addons", ...), "" for a file directly in components/, or undefined outside. */
    readonly target: string | undefined;
    readonly typeOnly: boolean;
}

function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []));
}

/** Static imports and re-exports (`import`, `import type`, `export ... from`) and dynamic `import("...")`. */
export function importsOf(file: string, text: string): Import[] {
    const found: Import[] = [];
    const statement = /^\s*(import|export)\s+(type\s+)?[^;]*?from\s+"([^"]+)"/gm;
    const dynamic = /import\(\s*"([^"]+)"\s*\)/g;
    const target = (spec: string): string | undefined => {
        if (!spec.startsWith(".")) {
            return undefined;
        }
        const rel = path.relative(COMPONENTS, path.resolve(path.dirname(file), spec));
        return rel.startsWith("..") ? undefined : rel.includes(path.sep) ? rel.split(path.sep)[0] : "";
    };
    for (const m of text.matchAll(statement)) {
        found.push({ from: m[3], target: target(m[3]), typeOnly: !!m[2] });
    }
    for (const m of text.matchAll(dynamic)) {
        found.push({ from: m[1], target: target(m[1]), typeOnly: false });
    }
    return found;
}

const areaOf = (file: string) => path.relative(COMPONENTS, file).split(path.sep).slice(0, -1)[0] ?? "";
const all = sources(COMPONENTS).map(file => ({ file: path.relative(COMPONENTS, file), area: areaOf(file), imports: importsOf(file, fs.readFileSync(file, "utf8")) }));

describe("import direction in components/", () => {
    it("reads the imports it checks (the scanner is not blind)", () => {
        const sample = importsOf(
            path.join(COMPONENTS, "addons", "x.ts"),
            'import { A } from "../config/problems";\nimport type { B } from "../stack/types";\nexport { C } from "./c";\nconst d = await import("../calico/d");',
        );
        expect(sample).to.deep.equal([
            { from: "../config/problems", target: "config", typeOnly: false },
            { from: "../stack/types", target: "stack", typeOnly: true },
            { from: "./c", target: "addons", typeOnly: false },
            { from: "../calico/d", target: "calico", typeOnly: false },
        ]);
        expect(all.find(f => f.file === path.join("stack", "resolve.ts"))!.imports.map(i => i.target)).to.include.members(["config", "addons"]);
    });

    it("config/ imports no area (only itself and the address math in net/)", () => {
        const wrong = all.filter(f => f.area === "config").flatMap(f => f.imports.filter(i => i.target !== undefined && !["config", "net"].includes(i.target)).map(i => `${f.file} -> ${i.from}`));
        expect(wrong).to.deep.equal([]);
    });

    it("net/ imports nothing of the project (pure address math)", () => {
        const wrong = all.filter(f => f.area === "net").flatMap(f => f.imports.filter(i => i.target !== undefined && i.target !== "net").map(i => `${f.file} -> ${i.from}`));
        expect(wrong).to.deep.equal([]);
    });

    it("an area names the whole stack's config types but never runs stack/ (it is composed from the areas)", () => {
        const areas = all.filter(f => !["stack", ""].includes(f.area));
        const wrong = areas.flatMap(f => f.imports.filter(i => i.target === "stack" && !i.typeOnly).map(i => `${f.file} -> ${i.from}`));
        expect(wrong).to.deep.equal([]);
    });
});
