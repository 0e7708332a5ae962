import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { CONFIG_DEFAULTS, CONFIG_NAMESPACE } from "../../components/config/defaults";
import { resolveConfig } from "../../components/config/resolve";
import { projectDir } from "../../automation/stackFiles";

const project = yaml.load(fs.readFileSync(path.join(projectDir(), "Pulumi.yaml"), "utf8")) as any;
/** Keys whose values are lists of objects: Pulumi.yaml cannot declare a type for them (see README). */
const STRUCTURED_KEYS = ["ipPools", "nodeGroups", "teams"];

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

    it("declares no key the program does not read", () => {
        for (const key of Object.keys(project.config)) {
            expect(Object.keys(CONFIG_DEFAULTS), key).to.include(key);
        }
    });

    for (const file of fs.readdirSync(projectDir()).filter(f => /^Pulumi\.[\w-]+\.yaml$/.test(f))) {
        it(`${file} is a valid stack`, () => {
            const stack = yaml.load(fs.readFileSync(path.join(projectDir(), file), "utf8")) as any;
            const prefix = `${CONFIG_NAMESPACE}:`;
            const raw = Object.fromEntries(Object.entries(stack.config).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));
            expect(() => resolveConfig(raw)).to.not.throw();
        });
    }

    it("runs on Node.js 22 or newer (the project brings its own)", () => {
        expect(Number(process.versions.node.split(".")[0])).to.be.greaterThanOrEqual(22);
    });
});
