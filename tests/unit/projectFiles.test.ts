import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { CONFIG_NAMESPACE } from "../../components/config/defaults";
import { STACK_CONFIG_DEFAULTS as CONFIG_DEFAULTS } from "../../components/stack/defaults";
import { resolveConfig } from "../../components/stack/resolve";
import { ADDON_TABLE, settingsOf } from "../../components/addons/definitions";
import { projectDir } from "../../automation/stackFiles";

const project = yaml.load(fs.readFileSync(path.join(projectDir(), "Pulumi.yaml"), "utf8")) as any;
/** Keys whose values are lists of objects or maps: Pulumi.yaml cannot declare a type for them (see README). */
const STRUCTURED_KEYS = ["ipPools", "nodeGroups", "teams", "tags", ...ADDON_TABLE.map(a => `${a.name}Values`)];

describe("project files", () => {
    it("declares every scalar config key with a type, a description and the program's default", () => {
        for (const [key, value] of Object.entries(CONFIG_DEFAULTS)) {
            if (STRUCTURED_KEYS.includes(key)) {
                continue;
            }
            const declared = project.config[key];
            expect(declared, key).to.not.equal(undefined);
            expect(declared.type, key).to.be.oneOf(["string", "integer", "boolean", "array"]);
            expect(declared.description, key).to.have.length.greaterThan(10);
            expect(declared.default, key).to.deep.equal(value);
        }
    });

    it("declares each add-on's keys as its definition does: type, default and description from the table", () => {
        for (const addon of ADDON_TABLE) {
            expect(project.config[`${addon.name}Enabled`], addon.name).to.deep.include({ type: "boolean", default: addon.enabledByDefault });
            expect(project.config[`${addon.name}Version`], addon.name).to.deep.include({ type: "string", default: addon.chart.version });
            expect(project.config[`${addon.name}Values`], `${addon.name}Values is structured`).to.equal(undefined);
            for (const setting of settingsOf(addon)) {
                const declared = project.config[setting.key];
                expect(declared, setting.key).to.deep.include({ type: setting.kind === "port" ? "integer" : "array", default: setting.default, description: setting.description });
                if (setting.kind === "stringList") {
                    expect(declared.items, setting.key).to.deep.equal({ type: "string" });
                }
            }
        }
    });

    it("declares no key the program does not read", () => {
        for (const key of Object.keys(project.config)) {
            expect(Object.keys(CONFIG_DEFAULTS), key).to.include(key);
        }
    });

    for (const file of fs.readdirSync(projectDir()).filter(f => /^Pulumi\.[\w-]+\.yaml$/.test(f))) {
        it(`${file} is a valid stack`, () => {
            const stack = yaml.load(fs.readFileSync(path.join(projectDir(), file), "utf8")) as any;
            const prefix = `${CONFIG_NAMESPACE}:`;
            const raw = Object.fromEntries(
                Object.entries(stack.config)
                    .filter(([k]) => k.startsWith(prefix))
                    .map(([k, v]) => [k.slice(prefix.length), v]),
            );
            expect(() => resolveConfig(raw)).to.not.throw();
        });
    }

    it("runs on Node.js 22 or newer (the project brings its own)", () => {
        expect(Number(process.versions.node.split(".")[0])).to.be.greaterThanOrEqual(22);
    });
});

describe("project files: Node.js and the build", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(projectDir(), "package.json"), "utf8"));
    const LAUNCHER = "node tools/node/run.js";

    it("depends on no platform's Node.js binary (npm refuses or links them on every other platform)", () => {
        const all = { ...pkg.dependencies, ...pkg.devDependencies, ...pkg.optionalDependencies };
        expect(Object.keys(all).filter(name => /^node-(linux|darwin|win|sunos|aix)-/.test(name) || name === "node")).to.deep.equal([]);
    });

    it("runs every Node.js program of a script through the launcher", () => {
        for (const [name, script] of Object.entries(pkg.scripts as Record<string, string>)) {
            for (const command of script.split("&&").map(part => part.trim())) {
                if (command.startsWith("npm ")) {
                    continue;
                }
                expect(command, `script "${name}"`).to.match(new RegExp(`^${LAUNCHER} `));
            }
        }
    });

    it("type-checks sources and tests in npm test and test:unit; the everyday commands build the sources only", () => {
        expect(pkg.scripts.test).to.match(new RegExp(`^npm run lint && ${LAUNCHER} tsc -p tsconfig\\.json && `));
        expect(pkg.scripts["test:unit"]).to.match(new RegExp(`^${LAUNCHER} tsc -p tsconfig\\.json && `));
        for (const command of ["plan", "preview", "up", "refresh", "destroy", "outputs"]) {
            expect(pkg.scripts[command], command).to.equal(`${LAUNCHER} --build bin/automation/cli.js ${command}`);
        }
        const sources = JSON.parse(fs.readFileSync(path.join(projectDir(), "tsconfig.src.json"), "utf8"));
        expect(sources.extends).to.equal("./tsconfig.json");
        expect(sources.include).to.deep.equal(["index.ts", "components/**/*.ts", "automation/**/*.ts"]);
    });

    it("lints first in npm test (cheap, fails fast): ESLint, then Prettier checks the whole tree that format writes", () => {
        expect(pkg.scripts.lint).to.equal(`${LAUNCHER} eslint . && ${LAUNCHER} prettier --check .`);
        expect(pkg.scripts.format).to.equal(`${LAUNCHER} prettier --write .`);
        expect(pkg.scripts.test.split(" && ")[0]).to.equal("npm run lint");
    });

    it("fetches a registry Node.js during npm ci where root scripts run, and accepts any Node.js for npm ci itself", () => {
        expect(pkg.scripts.prepare).to.equal(`${LAUNCHER} --fetch`);
        // engines is advice (npm ci warns, engine-strict is off by default); the launcher enforces the version.
        expect(pkg.engines).to.equal(undefined);
    });

    it("plans without loading the Pulumi SDK (1 to 2 seconds of start-up the plan does not need)", function () {
        this.timeout(30000);
        const probe = [
            `require(${JSON.stringify(path.join(projectDir(), "bin", "automation", "cli.js"))}).main(["plan", "--stack", "dev"]).then(code => {`,
            "    const sdk = Object.keys(require.cache).filter(file => /node_modules[\\/]@pulumi[\\/]/.test(file));",
            "    process.stderr.write(JSON.stringify({ code, sdk: sdk.length }));",
            "});",
        ].join("\n");
        const result = spawnSync(process.execPath, ["-e", probe], { encoding: "utf8" });
        expect(JSON.parse(result.stderr)).to.deep.equal({ code: 0, sdk: 0 });
    });
});
