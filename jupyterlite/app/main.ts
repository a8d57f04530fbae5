// The site's front end: JupyterLab assembled from its npm packages, with the
// JupyterLite plugins that stand in for a server, and the site's own plugins
// (the TypeScript kernel, the plotly renderer). The build writes the module
// "site:extensions", which imports every package listed in extensions.json.
import { JupyterLab, type JupyterFrontEndPlugin } from "@jupyterlab/application";
import { PageConfig } from "@jupyterlab/coreutils";
import { IServiceManager } from "@jupyterlab/services";
import { PluginRegistry } from "@lumino/coreutils";
import { disabled, extensions } from "site:extensions";
import { sitePlugins, siteMimeExtensions } from "./plugins";

type Plugin = JupyterFrontEndPlugin<unknown>;

/** The plugins a package exports (as its default export, one or a list), less the disabled ones. */
function pluginsOf(exported: unknown): Plugin[] {
  const value = (exported as { default?: unknown }).default ?? exported;
  const plugins = (Array.isArray(value) ? value : [value]) as Plugin[];
  const off = new Set(disabled);
  return plugins.filter((plugin) => {
    const pkg = plugin.id.split(":")[0];
    return !off.has(plugin.id) && !off.has(pkg) && !PageConfig.Extension.isDisabled(plugin.id);
  });
}

async function main(): Promise<void> {
  const plugins = [...extensions.flatMap((module) => pluginsOf(module)), ...sitePlugins];
  const registry = new PluginRegistry();
  registry.registerPlugins(plugins);
  const serviceManager = await registry.resolveRequiredService(IServiceManager);
  const app = new JupyterLab({
    pluginRegistry: registry,
    serviceManager,
    mimeExtensions: siteMimeExtensions,
    // What the plugin manager lists (as JupyterLab reads it from its build).
    availablePlugins: plugins.map((plugin) => ({
      id: plugin.id,
      description: plugin.description,
      autoStart: plugin.autoStart,
      requires: plugin.requires ?? [],
      optional: plugin.optional ?? [],
      provides: plugin.provides ?? null,
      extension: plugin.id.split(":")[0],
      enabled: true,
    })),
  });
  // The site's tests drive the app through it, as JupyterLite's own tests do.
  if (PageConfig.getOption("exposeAppInBrowser") === "true") (window as unknown as { jupyterapp: JupyterLab }).jupyterapp = app;
  await app.start({ bubblingKeydown: true });
  await app.restored;
}

main().catch((error: unknown) => {
  console.error(error);
  document.body.textContent = `The site could not start: ${String(error)}`;
});
