#!/usr/bin/env node
/**
 * The launcher every npm script goes through: runs a project tool under a Node.js new enough for the Pulumi SDK.
 *
 *   node tools/node/run.js tsc|mocha|eslint|prettier|<file.js> [args...]    run it under the chosen Node.js
 *   node tools/node/run.js --build <file.js> [args...]      first bring bin/ up to date with the sources (tsconfig.src.json)
 * Before tsc runs (either way), compiled files in bin/ whose source is gone are removed (staleOutputs.js).
 *   node tools/node/run.js --fetch                          fetch the registry Node.js now if this machine needs one (npm ci's prepare)
 *   node tools/node/run.js --node-dir                       print the chosen Node.js's directory, for PATH="$(...):$PATH" pulumi up
 *
 * The machine's Node.js is used when it is 22 or newer; otherwise a Node.js 22 build for this platform is fetched
 * from the npm registry once (nodeChoice.js, registryNode.js). The chosen Node.js runs the tool and comes first on
 * its PATH, because Pulumi's plugins (pulumi-resource-pulumi-nodejs) start `node` from PATH.
 * Runs on the machine's Node.js whatever its version (14 or newer), so it is plain JavaScript.
 */
"use strict";
const { spawn } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");
const { MINIMUM_NODE_MAJOR, chooseNode, majorOf } = require("./nodeChoice");
const { ensureRegistryNode, nodeCacheDir } = require("./registryNode");
const { missingOutputs, removeStaleOutputs } = require("./staleOutputs");

const PROJECT_DIR = path.resolve(__dirname, "..", "..");
/** What tsconfig.src.json compiles (its "include"). */
const SOURCE_ROOTS = ["index.ts", "components", "automation"];
/** Tools named in scripts, by the package whose bin of that name runs them (with the chosen node, no shell, on every platform). */
const TOOLS = { tsc: "typescript", mocha: "mocha", eslint: "eslint", prettier: "prettier" };

function machineLibc() {
    if (process.platform !== "linux") {
        return undefined;
    }
    const header = process.report && process.report.getReport().header;
    return header && header.glibcVersionRuntime ? "glibc" : "musl";
}

/** The Node.js to run tools with: { execPath }. */
function chosenNode() {
    // Only an old Node.js needs the libc (a registry build links glibc); reading it costs a process report.
    const libc = majorOf(process.version) < MINIMUM_NODE_MAJOR ? machineLibc() : undefined;
    const choice = chooseNode({ platform: process.platform, arch: process.arch, version: process.version, libc });
    if (choice.source === "machine") {
        return { execPath: process.execPath };
    }
    const cacheDir = nodeCacheDir(process.env, process.platform, os.homedir());
    return { execPath: ensureRegistryNode(choice.registryNode, { cacheDir, machineVersion: process.version }) };
}

function pathKey(env) {
    return Object.keys(env).find(key => key.toUpperCase() === "PATH") || "PATH";
}

/** The first `node` on a PATH, resolved, or undefined. */
function nodeOnPath(searchPath) {
    const exe = process.platform === "win32" ? "node.exe" : "node";
    for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
        const candidate = path.join(dir, exe);
        if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) {
            return fs.realpathSync(candidate);
        }
    }
    return undefined;
}

/** The environment for tools: the chosen node first on PATH, only when another `node` would come first. */
function toolEnv(node) {
    const env = Object.assign({}, process.env);
    const key = pathKey(env);
    const searchPath = env[key] || "";
    if (nodeOnPath(searchPath) !== fs.realpathSync(node.execPath)) {
        env[key] = [path.dirname(node.execPath), searchPath].filter(Boolean).join(path.delimiter);
    }
    return env;
}

function run(node, args, env) {
    return new Promise(resolve => {
        const child = spawn(node.execPath, args, { stdio: "inherit", env, cwd: process.cwd() });
        // Ctrl-C reaches the tool from the terminal (pulumi cancels gracefully on the first one): do not die
        // before it, and do not send it a second one. A SIGTERM aimed at the launcher alone is passed on.
        const ignore = () => undefined;
        const forward = signal => child.kill(signal);
        process.on("SIGINT", ignore);
        process.on("SIGTERM", forward);
        child.on("error", err => {
            process.stderr.write(`calico-eks: could not start ${node.execPath}: ${err.message}\n`);
            resolve(1);
        });
        child.on("exit", (code, signal) => {
            process.removeListener("SIGINT", ignore);
            process.removeListener("SIGTERM", forward);
            resolve(code === null ? 128 + (os.constants.signals[signal] || 1) : code);
        });
    });
}

function toolScript(name) {
    if (!TOOLS[name]) {
        return path.resolve(name);
    }
    // Read the bin from package.json: eslint's "exports" do not list its bin file, so require.resolve of it throws.
    const manifest = require.resolve(`${TOOLS[name]}/package.json`, { paths: [PROJECT_DIR] });
    const bin = JSON.parse(fs.readFileSync(manifest, "utf8")).bin;
    return path.join(path.dirname(manifest), typeof bin === "string" ? bin : bin[name]);
}

async function main(argv) {
    const node = chosenNode();
    if (argv[0] === "--fetch") {
        return 0;
    }
    if (argv[0] === "--node-dir") {
        process.stdout.write(`${path.dirname(node.execPath)}\n`);
        return 0;
    }
    const env = toolEnv(node);
    const build = argv[0] === "--build";
    const [tool, ...args] = build ? argv.slice(1) : argv;
    if (!tool) {
        process.stderr.write("usage: node tools/node/run.js [--build] tsc|mocha|eslint|prettier|<file.js> [args...] | --fetch | --node-dir\n");
        return 2;
    }
    if (build || tool === "tsc") {
        // A deleted source's .js would otherwise still run (a deleted test by mocha's glob); tsc never removes it.
        removeStaleOutputs(PROJECT_DIR, "bin");
    }
    if (build) {
        // Incremental and sources only: a no-change build is a timestamp check; tests are compiled by npm test.
        const force = missingOutputs(PROJECT_DIR, "bin", SOURCE_ROOTS).length > 0 ? ["--force"] : [];
        const built = await run(node, [toolScript("tsc"), "-b", path.join(PROJECT_DIR, "tsconfig.src.json"), ...force], env);
        if (built !== 0) {
            return built;
        }
    }
    return run(node, [toolScript(tool), ...args], env);
}

main(process.argv.slice(2)).then(
    code => {
        process.exitCode = code;
    },
    err => {
        process.stderr.write(`${err.message}\n`);
        process.exitCode = 1;
    },
);
