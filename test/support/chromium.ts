// Headless Chromium for the browser tests: Debian's chromium driven by
// playwright-core (which cannot download a browser here), one persistent
// profile per suite, screenshots kept in test-artifacts/ (not in the repo).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "fs";
import { tmpdir } from "os";
import { join, resolve } from "path";
import { chromium, type BrowserContext } from "playwright-core";
import { requireProgram } from "./requirements";

const chromiumPath = "/usr/bin/chromium";
export const artifacts = join(resolve(__dirname, "../.."), "test-artifacts");

/**
 * Starts Chromium in a mocha `before` hook and closes it after the suite;
 * skips the suite, saying why, where Chromium is not installed. The returned
 * getter gives the browser context inside the tests. `javaScriptEnabled:
 * false` shows pages as a reader with scripts off (or a sanitiser) sees them.
 */
export function useChromium(options: { javaScriptEnabled?: boolean } = {}): () => BrowserContext {
  let context: BrowserContext | undefined;
  let profile: string | undefined;

  before(async function () {
    requireProgram(this, existsSync(chromiumPath), `Chromium (${chromiumPath}; apt-get install chromium)`, "browser");
    mkdirSync(artifacts, { recursive: true });
    profile = mkdtempSync(join(tmpdir(), "dlfs-chromium-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      javaScriptEnabled: options.javaScriptEnabled ?? true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  });

  after(async () => {
    await context?.close();
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
  });

  return () => {
    if (context === undefined) throw new Error("Chromium is not running (the before hook did not start it)");
    return context;
  };
}
