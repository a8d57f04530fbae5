/**
 * Node flags that differ between Node versions, chosen by asking this Node
 * which flags it accepts (process.allowedNodeEnvironmentFlags), never by its
 * version number. The kernel runs on the same Node as this process.
 */

/** How this Node turns on its permission model, and lets native addons load under it. */
export interface PermissionFlags {
  /** Node 20 calls it --experimental-permission; 22 accepts both names, and 24 only --permission. */
  enable: "--permission" | "--experimental-permission";
  /** zeromq, which tslab speaks Jupyter through, is a native addon: without this flag it cannot load. */
  allowAddons: "--allow-addons";
}

/**
 * The permission flags of this Node, or undefined when it has no permission
 * model that can load addons (Node 20 before 20.13 lacks --allow-addons).
 */
export function permissionFlags(
  accepted: ReadonlySet<string> = process.allowedNodeEnvironmentFlags,
): PermissionFlags | undefined {
  if (!accepted.has("--allow-addons")) return undefined;
  if (accepted.has("--permission")) return { enable: "--permission", allowAddons: "--allow-addons" };
  if (accepted.has("--experimental-permission")) return { enable: "--experimental-permission", allowAddons: "--allow-addons" };
  return undefined;
}

/** Flags that keep Node's start-up warnings about these features out of the kernel's stderr, where this Node has them. */
export function quietWarningFlags(accepted: ReadonlySet<string> = process.allowedNodeEnvironmentFlags): string[] {
  return accepted.has("--disable-warning") ? ["--disable-warning=ExperimentalWarning", "--disable-warning=SecurityWarning"] : [];
}
