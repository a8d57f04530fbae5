// Where a lesson runs: a tslab kernel in Jupyter, the site's kernel in a
// browser, or a plain script in a terminal. The library asks its host where
// an output goes and whether the learner pressed Interrupt, and a host without
// a file system for the library's files (library-files.ts). Everything else in dlfs is
// the same in all of them.
export { currentHost, useHost } from "./current";
export { installedPath, libraryFiles, mnistFiles, rasterFiles } from "./library-files";
export type { LibraryFile } from "./library-files";
export { prepareLibraryFiles, readLibraryFile } from "./read-library-file";
export type { DisplayMessage, Host, HostFiles, MimeBundle } from "./types";
