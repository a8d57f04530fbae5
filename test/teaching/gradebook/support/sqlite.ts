// Reading the course gradebook as a teacher would: the sqlite3 command, and
// the dashboard's mistakes table as text.
import { spawnSync } from "node:child_process";

export const sqlite3 = "/usr/bin/sqlite3";

/** A query's rows through the sqlite3 command, as a teacher would read them. */
export function sqlite<T>(file: string, query: string): T[] {
  const run = spawnSync(sqlite3, ["-json", file, query], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`sqlite3 failed: ${run.stderr}`);
  return run.stdout.trim() === "" ? [] : (JSON.parse(run.stdout) as T[]);
}

/** The mistakes table of the dashboard, as its rows' cells (text). */
export function mistakeRows(html: string): string[][] {
  const body = /<table id="mistakes">.*?<tbody>(.*?)<\/tbody>/s.exec(html)?.[1] ?? "";
  return [...body.matchAll(/<tr>(.*?)<\/tr>/gs)].map((row) =>
    [...row[1].matchAll(/<t[dh][^>]*>(.*?)<\/t[dh]>/gs)].map((cell) => cell[1].replace(/<[^>]+>/g, "").replace(/&amp;/g, "&")),
  );
}
