/**
 * The lint and format setup (eslint.config.mjs, .prettierrc.json, .prettierignore): what they check on the
 * machines the project supports, and what they leave alone.
 */
import { expect } from "chai";
import { ESLint } from "eslint";
import * as path from "path";
import * as prettier from "prettier";
import { projectDir } from "../../automation/stackFiles";

const sample = ["export function add(a: number, b: number): number {", "    return a + b;", "}", ""];

async function isFormatted(file: string, text: string): Promise<boolean> {
    const options = await prettier.resolveConfig(path.join(projectDir(), file), { editorconfig: false });
    return prettier.check(text, { ...options, filepath: path.join(projectDir(), file) });
}

describe("lint and format", () => {
    it("accepts a file checked out with CRLF line endings (git on Windows with core.autocrlf), and LF ones", async () => {
        expect(await isFormatted("components/sample.ts", sample.join("\n"))).to.equal(true);
        expect(await isFormatted("components/sample.ts", sample.join("\r\n"))).to.equal(true);
    });

    it("keeps the code's style: 4 spaces, double quotes, semicolons, no parentheses around a lone arrow parameter", async () => {
        const file = path.join(projectDir(), "components", "sample.ts");
        const options = await prettier.resolveConfig(file, { editorconfig: false });
        const formatted = await prettier.format("const f = (x) => ({ a: 'x', b: [x, x] })\nif (f) { f(1) }\n", { ...options, filepath: file });
        expect(formatted).to.equal('const f = x => ({ a: "x", b: [x, x] });\nif (f) {\n    f(1);\n}\n');
    });

    it("formats what npm and Pulumi write (package.json, Pulumi.yaml) with their 2-space indentation", async () => {
        const json = await prettier.format('{"name": "x", "scripts": {"a": "b"}}', {
            ...(await prettier.resolveConfig(path.join(projectDir(), "package.json"))),
            filepath: path.join(projectDir(), "package.json"),
        });
        expect(json).to.equal('{\n  "name": "x",\n  "scripts": {\n    "a": "b"\n  }\n}\n');
        const yamlFile = path.join(projectDir(), "Pulumi.yaml");
        const yamlText = await prettier.format("config:\n    a:\n        type: string\n", { ...(await prettier.resolveConfig(yamlFile)), filepath: yamlFile });
        expect(yamlText).to.equal("config:\n  a:\n    type: string\n");
    });

    it("leaves the lockfile, stack files and Markdown to their writers", async () => {
        const ignored = async (file: string) =>
            (await prettier.getFileInfo(path.join(projectDir(), file), { ignorePath: [path.join(projectDir(), ".gitignore"), path.join(projectDir(), ".prettierignore")] })).ignored;
        for (const file of [
            "package-lock.json",
            "Pulumi.dev.yaml",
            "Pulumi.prod-eu.yaml",
            "README.md",
            "examples/consumer/README.md",
            "bin/index.js",
            "dist/components/index.js",
            "examples/consumer/node_modules/x/index.js",
        ]) {
            expect(await ignored(file), file).to.equal(true);
        }
        for (const file of ["package.json", "Pulumi.yaml", "examples/consumer/Pulumi.yaml", "components/index.ts", "tools/node/run.js", "eslint.config.mjs"]) {
            expect(await ignored(file), file).to.equal(false);
        }
    });

    describe("ESLint", () => {
        const eslint = new ESLint({ cwd: projectDir() });
        const problems = async (file: string, text: string) => (await eslint.lintText(text, { filePath: path.join(projectDir(), file) }))[0].messages.map(m => m.ruleId ?? m.message);

        it("lints the sources, tests, tools and the example, and nothing compiled or installed", async () => {
            for (const file of ["bin/index.js", "dist/components/index.js", "node_modules/x/index.js", "examples/consumer/node_modules/x/index.js", "examples/consumer/bin/index.js"]) {
                expect(await eslint.isPathIgnored(path.join(projectDir(), file)), file).to.equal(true);
            }
            for (const file of [
                "index.ts",
                "components/index.ts",
                "automation/cli.ts",
                "tests/unit/cidr.test.ts",
                "scripts/benchmark.ts",
                "tools/node/run.js",
                "examples/consumer/index.ts",
                "eslint.config.mjs",
            ]) {
                expect(await eslint.isPathIgnored(path.join(projectDir(), file)), file).to.equal(false);
            }
        });

        it("knows Node.js's globals in the launcher's plain JavaScript, and still catches a misspelt one", async () => {
            expect(await problems("tools/node/sample.js", '"use strict";\nconst fs = require("fs");\nmodule.exports = () => process.exit(fs.existsSync(__dirname) ? 0 : 1);\n')).to.deep.equal([]);
            expect(await problems("tools/node/sample.js", '"use strict";\nproces.exit(0);\n')).to.deep.equal(["no-undef"]);
        });

        it("refuses any in the sources, allows it in tests, and refuses a disable comment that silences nothing", async () => {
            expect(await problems("components/sample.ts", "export const f = (x: any) => x;\n")).to.deep.equal(["@typescript-eslint/no-explicit-any"]);
            expect(await problems("tests/unit/sample.test.ts", "export const f = (x: any) => x;\n")).to.deep.equal([]);
            const unused = await problems("components/sample.ts", "// eslint-disable-next-line no-console\nexport const f = (x: number) => x;\n");
            expect(unused).to.have.length(1);
            expect(unused[0]).to.match(/^Unused eslint-disable directive/);
        });
    });
});
