// ESLint (flat config): `npm run lint` runs it, then `prettier --check .`; `npm test` runs lint first.
// Syntax-only rules: type-aware linting would type-check the project a second time on every run.
import js from "@eslint/js";
import { defineConfig, globalIgnores } from "eslint/config";
import prettier from "eslint-config-prettier";
import tseslint from "typescript-eslint";

/** What the launcher and other plain CommonJS files of tools/ use from Node.js (they run on any Node.js, compiled by nothing). */
const NODE_GLOBALS = {
    require: "readonly",
    module: "writable",
    exports: "writable",
    process: "readonly",
    console: "readonly",
    Buffer: "readonly",
    __dirname: "readonly",
    __filename: "readonly",
    setTimeout: "readonly",
    clearTimeout: "readonly",
    setInterval: "readonly",
    clearInterval: "readonly",
    setImmediate: "readonly",
    URL: "readonly",
};

export default defineConfig([
    // Compiled output (bin/ of the project and of the example, dist/), installed packages, local state.
    globalIgnores(["**/node_modules/", "**/bin/", "dist/", ".pulumi-state/", "*.tgz"]),
    {
        files: ["**/*.{ts,js,mjs,cjs}"],
        extends: [js.configs.recommended, tseslint.configs.recommended],
        // A disable comment that no longer silences anything is an error, so none outlives its reason.
        linterOptions: { reportUnusedDisableDirectives: "error" },
        rules: {
            // A lazy require() keeps the Pulumi SDK out of `plan` and validation, loads modules inside dynamic providers (serialized code), and loads a program after its mocks.
            "@typescript-eslint/no-require-imports": "off",
            // `const { enabled: _enabled, ...rest } = values` is how a key is left out of a copy.
            "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true }],
        },
    },
    {
        files: ["tests/**/*.ts", "examples/*/test/**/*.ts"],
        rules: {
            // Tests read charts, CRDs and API objects as parsed JSON, reach into the SDK's mock internals, and feed mistyped config on purpose.
            "@typescript-eslint/no-explicit-any": "off",
            // Regexes over YAML text show its indentation as it is written.
            "no-regex-spaces": "off",
        },
    },
    {
        files: ["tools/**/*.js"],
        // Plain CommonJS by design: the launcher runs before anything is compiled, on the machine's Node.js (14 or newer: ES2020 syntax at most).
        languageOptions: { sourceType: "commonjs", ecmaVersion: 2020, globals: NODE_GLOBALS },
    },
    // Last: turns off every rule that is Prettier's business (layout), so the two never disagree.
    prettier,
]);
