// The layering of the project's folders, checked by `npm run lint`.
// lib (the package dlfs) imports none of the tools; the tools use dlfs by its
// package name and each other's public index.ts; nothing imports in a circle.
/** @type {import("dependency-cruiser").IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "A cycle makes both sides impossible to read (or load) one without the other.",
      from: {},
      to: { circular: true },
    },
    {
      name: "lib-imports-no-tools",
      severity: "error",
      comment: "dlfs is what learners import: it must not depend on the project's tools or tests.",
      from: { path: "^lib/" },
      to: { path: "^(jupyter-client|kernel-setup|teaching|scripts|test|jupyterlite)/" },
    },
    {
      name: "dlfs-by-its-name",
      severity: "error",
      comment:
        'Outside lib/, dlfs is imported as "dlfs", "dlfs/answer-key" or "dlfs/internal" (the built package), never lib/src by path: one copy at run time.',
      from: { pathNot: "^lib/" },
      to: { path: "^lib/src/" },
    },
    {
      name: "jupyter-client-stands-alone",
      severity: "error",
      comment: "The Jupyter client knows nothing of the lessons, dlfs or the other tools.",
      from: { path: "^jupyter-client/" },
      to: { path: "^(lib|kernel-setup|teaching|scripts|jupyterlite)/" },
    },
    {
      name: "teaching-not-kernel-setup",
      severity: "error",
      comment: "teaching/ uses the Jupyter client, not the set-up commands (kernel-setup/ uses teaching/).",
      from: { path: "^teaching/" },
      to: { path: "^kernel-setup/" },
    },
    {
      name: "jupyter-client-through-its-index",
      severity: "error",
      comment:
        "Other tools use the Jupyter client through jupyter-client/index.ts; its files are its own business (tests of it may look inside).",
      from: { path: "^(kernel-setup|teaching|scripts)/" },
      to: { path: "^jupyter-client/", pathNot: "^jupyter-client/index\\.ts$" },
    },
    {
      name: "site-stands-apart",
      comment:
        "The site (jupyterlite/) is JupyterLab, JupyterLite and dlfs by its package name: none of the project's tools, which need Node and a kernel process.",
      severity: "error",
      from: { path: "^jupyterlite/" },
      to: { path: "^(jupyter-client|kernel-setup|teaching|scripts|test)/" },
    },
    {
      name: "teaching-through-its-index",
      severity: "error",
      comment: "Other tools use teaching/ through teaching/index.ts.",
      from: { path: "^(kernel-setup|scripts)/" },
      to: { path: "^teaching/", pathNot: "^teaching/index\\.ts$" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(node_modules|dist)/|^site/" },
    tsConfig: { fileName: "test/tsconfig.json" },
    tsPreCompilationDeps: true,
    combinedDependencies: true,
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["require", "node", "default", "types"] },
  },
};
