// The files build.ts puts in the site's build/raster/ and the worker fetches
// (browser-host.ts): resvg's WebAssembly and the fonts of graph pictures.
export const RASTER_FILES = { wasm: "resvg.wasm", fonts: ["Arimo_400Regular.ttf", "Cousine_400Regular.ttf"] } as const;
