/**
 * What a grader is doing in a gradebook's folder, kept on disk so that the
 * next run knows it even if this one is killed:
 *
 * - a lock (`.grading.lock`, the grader's process id): one grader at a time
 *   writes a gradebook;
 * - a journal (`.grading-journal`): a line when a submission starts being
 *   graded and one when its row is written. A submission that started and
 *   never finished was being graded when the grader died: the next run
 *   records it as crashed instead of running it again (and dying again).
 */
import * as fs from "fs";
import * as path from "path";
import { isJsonObject } from "../../jupyter-client";
import { tryLock } from "../process-lock";

export class GradingLockedError extends Error {}

type Entry = { started: string } | { finished: string };

export class GradingJournal {
  private readonly running = new Set<string>();

  private constructor(
    private readonly lockFile: string,
    private readonly journalFile: string,
    /** Submissions (file keys) that were being graded when an earlier run stopped, with those graded at the same time. */
    readonly interrupted: ReadonlyMap<string, string[]>,
  ) {}

  /**
   * Takes the lock of `outDir` (or throws GradingLockedError when a live
   * grader holds it) and reads what an earlier run left unfinished.
   */
  static open(outDir: string): GradingJournal {
    const lockFile = path.join(outDir, ".grading.lock");
    let holder = tryLock(lockFile);
    if (holder === process.pid) {
      // Left by this process's own earlier run (one grader, graded twice): take it over.
      fs.rmSync(lockFile, { force: true });
      holder = tryLock(lockFile);
    }
    if (holder !== undefined)
      throw new GradingLockedError(
        `another grader (process ${holder}) is writing to ${outDir}: wait until it ends, or give this one another --out`,
      );
    const journalFile = path.join(outDir, ".grading-journal");
    return new GradingJournal(lockFile, journalFile, unfinished(journalFile));
  }

  /** Forgets what earlier runs left: their submissions have rows now. */
  clear(): void {
    fs.writeFileSync(this.journalFile, "");
  }

  started(fileKey: string): void {
    this.running.add(fileKey);
    this.append({ started: fileKey });
  }

  finished(fileKey: string): void {
    this.running.delete(fileKey);
    this.append({ finished: fileKey });
  }

  /**
   * The teacher stopped the run (Ctrl-C): what was being graded is to be
   * graded again, not recorded as crashed. (A grader killed any other way
   * leaves it as started.)
   */
  abandonRunning(): void {
    for (const fileKey of [...this.running]) this.finished(fileKey);
  }

  /** Removes the lock and an empty journal; the journal stays if something is unfinished. */
  close(): void {
    if (unfinished(this.journalFile).size === 0) fs.rmSync(this.journalFile, { force: true });
    if (fs.existsSync(this.lockFile) && fs.readFileSync(this.lockFile, "utf8").trim() === String(process.pid))
      fs.rmSync(this.lockFile, { force: true });
  }

  /** One line, on the disk before the grading it announces begins. */
  private append(entry: Entry): void {
    const fd = fs.openSync(this.journalFile, "a");
    try {
      fs.writeSync(fd, `${JSON.stringify(entry)}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }
}

/** The submissions a journal shows started and not finished, each with the others that were running alongside. */
function unfinished(journalFile: string): Map<string, string[]> {
  if (!fs.existsSync(journalFile)) return new Map();
  const running = new Set<string>();
  const alongside = new Map<string, Set<string>>();
  for (const line of fs.readFileSync(journalFile, "utf8").split("\n")) {
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      continue; // a line cut short when the grader died
    }
    if (!isJsonObject(entry)) continue;
    if ("started" in entry && typeof entry.started === "string") {
      const others = new Set(running);
      for (const other of running) alongside.get(other)?.add(entry.started);
      running.add(entry.started);
      alongside.set(entry.started, others);
    } else if ("finished" in entry && typeof entry.finished === "string") {
      running.delete(entry.finished);
    }
  }
  return new Map([...running].map((fileKey) => [fileKey, [...(alongside.get(fileKey) ?? [])].filter((o) => running.has(o))]));
}
