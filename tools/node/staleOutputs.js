/**
 * Compiled files in bin/ whose TypeScript source is gone. tsc never deletes an output, so after a source file is
 * deleted or renamed (or a branch switch drops it) its .js stays in bin/: mocha's bin/tests/**\/*.test.js glob
 * would still run a deleted test, and a require of the old path would still load the old code. The launcher
 * removes them before it compiles. Plain JavaScript: it runs before anything is compiled.
 */
"use strict";
const fs = require("fs");
const path = require("path");

/** What tsc writes for one `.ts` source (rootDir "."), by the suffix that replaces `.ts`. */
const OUTPUT_SUFFIXES = [".js", ".js.map", ".d.ts", ".d.ts.map"];

function filesUnder(dir) {
    if (!fs.existsSync(dir)) {
        return [];
    }
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
        const full = path.join(dir, entry.name);
        return entry.isDirectory() ? filesUnder(full) : [full];
    });
}

/** Absolute paths of the outputs under projectDir/outDir whose source projectDir/<same path>.ts does not exist. */
function staleOutputs(projectDir, outDir) {
    const out = path.join(projectDir, outDir);
    return filesUnder(out).filter(file => {
        const suffix = OUTPUT_SUFFIXES.slice()
            .sort((a, b) => b.length - a.length)
            .find(s => file.endsWith(s));
        if (!suffix) {
            return false;
        }
        const source = path.join(projectDir, path.relative(out, file.slice(0, -suffix.length) + ".ts"));
        return !fs.existsSync(source);
    });
}

/** Removes the stale outputs; returns how many. */
function removeStaleOutputs(projectDir, outDir) {
    const stale = staleOutputs(projectDir, outDir);
    stale.forEach(file => fs.rmSync(file, { force: true }));
    return stale.length;
}

/**
 * Sources (under the given files and directories of projectDir) whose .js is missing from outDir. `tsc -b` decides
 * from its .tsbuildinfo alone that nothing changed, so an output deleted by hand (or by a partial clean) would stay
 * missing and the command fail with "Cannot find module"; the launcher then forces the build.
 */
function missingOutputs(projectDir, outDir, sourceRoots) {
    return sourceRoots
        .flatMap(root => {
            const full = path.join(projectDir, root);
            return fs.existsSync(full) && fs.statSync(full).isDirectory() ? filesUnder(full) : [full];
        })
        .filter(file => file.endsWith(".ts") && !file.endsWith(".d.ts") && fs.existsSync(file))
        .filter(file => !fs.existsSync(path.join(projectDir, outDir, path.relative(projectDir, file).slice(0, -".ts".length) + ".js")));
}

module.exports = { staleOutputs, removeStaleOutputs, missingOutputs };
