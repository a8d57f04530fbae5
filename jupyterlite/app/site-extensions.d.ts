// The module build.ts writes for the app: every package of extensions.json, imported.
declare module "site:extensions" {
  /** The packages' modules, whose default exports are their plugins. */
  export const extensions: unknown[];
  /** Plugin ids (or package names) left out of the app. */
  export const disabled: string[];
}
