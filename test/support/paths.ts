// Folders of the project, for tests that need a real path (to attack it, say).
import * as fs from "node:fs";
import * as path from "node:path";

export const projectRoot = path.resolve(__dirname, "..", "..");

/** The dlfs library's real folder, lib/ (node_modules/dlfs links to it). */
export const libDir = path.dirname(fs.realpathSync(require.resolve("dlfs/package.json")));

/** The answer key the built library loads. */
export const answerKeyFile = path.join(path.dirname(require.resolve("dlfs/answer-key")), "answer-key.json");
