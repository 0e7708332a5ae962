/**
 * Fetches a Node.js build from the npm registry (see nodeChoice.js) once per user and version, with the ordinary
 * npm client (`npm pack`, so the user's registry, proxy and npm cache apply), checks the tarball against the
 * pinned integrity and the binary's own version, and keeps it outside the repository: `npm ci` wipes
 * node_modules, and one copy serves every checkout.
 */
"use strict";
const { spawnSync } = require("child_process");
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const { MINIMUM_NODE_MAJOR } = require("./nodeChoice");

/** $CALICO_EKS_NODE_CACHE, else the user's cache directory (like the test toolchain's ~/.cache/calico-eks-toolchain). */
function nodeCacheDir(env, platform, home) {
    if (env.CALICO_EKS_NODE_CACHE) {
        return env.CALICO_EKS_NODE_CACHE;
    }
    if (platform === "win32") {
        return path.join(env.LOCALAPPDATA || path.join(home, "AppData", "Local"), "calico-eks-node");
    }
    return path.join(env.XDG_CACHE_HOME || path.join(home, ".cache"), "calico-eks-node");
}

/** One directory per package and version: a new pinned version never reuses an old one. */
function packageDir(registryNode, cacheDir) {
    return path.join(cacheDir, `${registryNode.name}-${registryNode.version}`);
}

function cachedNodePath(registryNode, cacheDir) {
    return path.join(packageDir(registryNode, cacheDir), ...registryNode.bin.split("/"));
}

/** `npm pack <spec>` into dir with the npm that runs this script (npm_execpath), else npm from PATH. */
function npmPack(spec, dir, env) {
    const npmCli = env.npm_execpath;
    const args = ["pack", spec, "--pack-destination", dir, "--ignore-scripts", "--json", "--loglevel=error"];
    const result =
        npmCli && /\.c?js$/.test(npmCli)
            ? spawnSync(env.npm_node_execpath || process.execPath, [npmCli, ...args], { env, encoding: "utf8" })
            : process.platform === "win32"
              ? // npm.cmd needs a shell, which joins arguments unquoted: quote them (the cache may be under "C:\Users\Ana Smith").
                spawnSync(
                    "npm.cmd",
                    args.map(arg => `"${arg}"`),
                    { env, encoding: "utf8", shell: true },
                )
              : spawnSync("npm", args, { env, encoding: "utf8" });
    if (result.status !== 0) {
        // npm's first explanatory lines ("request to ... failed, reason: ...", "404 Not Found - GET ..."), not its stack trace.
        const said = `${result.stderr || ""}\n${result.error ? result.error.message : ""}`
            .split("\n")
            .map(line => line.replace(/^npm (error|ERR!) ?/, "").trim())
            .filter(line => line && !/^(at |code |syscall |errno |[{}]|A complete log|\w+: '|\w+: \d)/.test(line))
            .slice(0, 2)
            .join(" ");
        throw new Error(`npm pack ${spec} failed${said ? `: ${said}` : ""}`);
    }
    const tarball = fs.readdirSync(dir).find(file => file.endsWith(".tgz"));
    if (!tarball) {
        throw new Error(`npm pack ${spec} left no tarball`);
    }
    return path.join(dir, tarball);
}

function sha512Integrity(file) {
    return `sha512-${crypto.createHash("sha512").update(fs.readFileSync(file)).digest("base64")}`;
}

/** A fetch takes seconds to minutes; a staging directory older than this was left by a fetch that was killed. */
const ABANDONED_STAGING_MS = 60 * 60 * 1000;

/**
 * Removes the staging directories of killed fetches (Ctrl-C, a closed terminal): each holds a tarball and part of
 * a package, over 100 MB, and nothing else ever removes them. A recent one may be another command's fetch in
 * progress, so it is left alone.
 */
function removeAbandonedStaging(registryNode, cacheDir) {
    const prefix = `.${registryNode.name}-`;
    for (const name of fs.readdirSync(cacheDir).filter(n => n.startsWith(prefix))) {
        const staging = path.join(cacheDir, name);
        try {
            if (Date.now() - fs.statSync(staging).mtimeMs > ABANDONED_STAGING_MS) {
                fs.rmSync(staging, { recursive: true, force: true });
            }
        } catch {
            // Gone meanwhile, or not ours to remove: the fetch goes on either way.
        }
    }
}

/**
 * Returns the path of the registry Node.js binary, fetching it first if this user has not yet.
 * options: { cacheDir, machineVersion, env = process.env, pack = npmPack, log = stderr }.
 */
function ensureRegistryNode(registryNode, options) {
    const env = options.env || process.env;
    const pack = options.pack || ((spec, dir) => npmPack(spec, dir, env));
    const log = options.log || (line => process.stderr.write(`${line}\n`));
    const target = cachedNodePath(registryNode, options.cacheDir);
    if (fs.existsSync(target)) {
        return target;
    }
    const spec = `${registryNode.name}@${registryNode.version}`;
    log(`calico-eks: Node.js ${options.machineVersion} is older than ${MINIMUM_NODE_MAJOR}; fetching ${spec} from the npm registry into ${options.cacheDir} (once).`);
    try {
        fs.mkdirSync(options.cacheDir, { recursive: true });
    } catch (err) {
        throw new Error(`cannot create the Node.js cache ${options.cacheDir} (${err.message}): set CALICO_EKS_NODE_CACHE to a writable directory.`, { cause: err });
    }
    removeAbandonedStaging(registryNode, options.cacheDir);
    // Unpacked beside its final place and renamed into it, so an interrupted fetch never looks complete.
    const staging = fs.mkdtempSync(path.join(options.cacheDir, `.${registryNode.name}-`));
    try {
        let tarball;
        try {
            tarball = pack(spec, staging);
        } catch (err) {
            throw new Error(
                `calico-eks needs Node.js ${MINIMUM_NODE_MAJOR} or newer; this machine runs Node.js ${options.machineVersion}, and ${spec} could not be ` +
                    `fetched from the npm registry (${err.message}). Install Node.js ${MINIMUM_NODE_MAJOR} or newer (https://nodejs.org, ` +
                    `\`nvm install ${MINIMUM_NODE_MAJOR}\`) and put it first on PATH, or reach the registry (npm's registry and proxy config apply) and run the command again.`,
                { cause: err },
            );
        }
        const integrity = sha512Integrity(tarball);
        if (integrity !== registryNode.integrity) {
            throw new Error(`${spec} from the npm registry does not match its pinned integrity (got ${integrity}, expected ${registryNode.integrity}); refusing to run it.`);
        }
        const member = `package/${registryNode.bin}`;
        // Relative names, run inside staging: GNU tar (Git for Windows) would read "C:\..." as a remote host.
        const untar = spawnSync("tar", ["-xzf", path.relative(staging, tarball), member], { cwd: staging, encoding: "utf8" });
        if (untar.status !== 0) {
            throw new Error(`could not unpack ${member} from ${spec} with tar: ${(untar.stderr || (untar.error && untar.error.message) || "").trim()}`);
        }
        const unpacked = path.join(staging, "package", ...registryNode.bin.split("/"));
        fs.chmodSync(unpacked, 0o755);
        const reported = spawnSync(unpacked, ["--version"], { encoding: "utf8" });
        const version = (reported.stdout || "").trim();
        if (version !== `v${registryNode.version}`) {
            const failure = reported.error
                ? reported.error.message
                : `exit ${reported.status}${
                      reported.stderr
                          ? `: ${reported.stderr
                                .trim()
                                .split("\n")[0]
                                .replace(/[^\x20-\x7e]+/g, "?")}`
                          : ""
                  }`;
            throw new Error(`${spec} does not run on this machine as Node.js v${registryNode.version} (it printed "${version}", ${failure}).`);
        }
        try {
            fs.renameSync(path.join(staging, "package"), packageDir(registryNode, options.cacheDir));
        } catch (err) {
            // Another command fetched the same version meanwhile: theirs is as good.
            if (!fs.existsSync(target)) {
                throw err;
            }
        }
        return target;
    } finally {
        fs.rmSync(staging, { recursive: true, force: true });
    }
}

module.exports = { nodeCacheDir, cachedNodePath, ensureRegistryNode, npmPack };
