// A lock file that holds its owner's process id, as the grader's output folder
// and the course database use: taken with an exclusive create, and taken over
// when the process that left it has ended (a grader killed mid-run).
import * as fs from "fs";

/** Whether a process with this id runs (EPERM: it does, as another user's). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes `lockFile` for this process: undefined when taken, else the id of
 * the live process that holds it. A lock whose holder has ended, or that
 * holds no process id, is taken over.
 */
export function tryLock(lockFile: string): number | undefined {
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: "wx" });
      return undefined;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    // "a+": the file may be gone again by now; then it reads as empty and is taken over.
    const holder = Number(fs.readFileSync(lockFile, { encoding: "utf8", flag: "a+" }).trim());
    if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) return holder;
    fs.rmSync(lockFile, { force: true });
  }
}
