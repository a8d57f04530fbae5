// ESLint with typescript-eslint's type-aware rules, for every TypeScript and
// JavaScript file of the project (formatting is Prettier's business).
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "lib/dist/**", "site/**", "test-artifacts/**", "grades/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Unused names are errors, except those that start with _ (deliberately ignored).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
      // `typeof import("x")` names the type of a module that is loaded on first use.
      "@typescript-eslint/consistent-type-imports": [
        "error",
        { fixStyle: "inline-type-imports", disallowTypeAnnotations: false },
      ],
      // Loaded with require() on first use, on purpose: a native addon whose failure
      // the doctor reports in words, and large packages a lesson may never need.
      "@typescript-eslint/no-require-imports": [
        "error",
        {
          allow: [
            "^zeromq(/package\\.json)?$",
            "^danfojs-node$",
            "^@viz-js/viz$",
            "^@resvg/resvg-wasm$",
            "^tslab/dist/jupyter$",
            "(^|/)patch-tslab\\.js$",
            "/tslab-fixes/edits\\.js$",
          ],
        },
      ],
      "@typescript-eslint/no-import-type-side-effects": "error",
    },
  },
  {
    // Plain JavaScript: scripts, the tslab patch, code that runs inside a kernel.
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: "commonjs",
      globals: {
        require: "readonly",
        module: "writable",
        process: "readonly",
        console: "readonly",
        Buffer: "readonly",
        __dirname: "readonly",
        performance: "readonly",
        global: "readonly",
      },
    },
    rules: { ...tseslint.configs.disableTypeChecked.rules, "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Code the grader evaluates inside a student's kernel: each file is one function expression, its value.
    files: ["teaching/in-kernel/answer-channel.js"],
    rules: { "@typescript-eslint/no-unused-expressions": "off" },
  },
  { files: ["eslint.config.mjs"], languageOptions: { sourceType: "module" } },
);
