// Tests that need a program the machine may lack (Chromium, Jupyter, JupyterHub):
// on a developer's machine they are skipped with a message that says what to
// install; in CI (CI=true), where .ci/run installs them, a missing one is a failure.
import * as fs from "node:fs";
import { requireTag, type Tag } from "./tiers";

/** The first of `paths` that exists, or undefined. */
export function firstExisting(...paths: string[]): string | undefined {
  return paths.find((file) => fs.existsSync(file));
}

/**
 * Skips the calling suite (or fails it in CI) unless `found`; `what` names
 * the program and how to get it, e.g. "Debian's jupyterhub (apt-get install jupyterhub)".
 * With `tag`, the suite must carry that tier's tag (a program that serves or
 * draws keeps a suite out of the fast tier: test/support/tiers.ts).
 */
export function requireProgram(context: Mocha.Context, found: boolean, what: string, tag?: Tag): void {
  if (tag !== undefined) requireTag(context, tag, what);
  if (found) return;
  if (process.env.CI === "true") throw new Error(`${what} is missing; CI must install it (.ci/run)`);
  console.warn(`      (skipped: ${what} is not installed)`);
  context.skip();
}
