/**
 * Makes sure no kernel outlives the program that started it: every kernel's
 * process group is killed when this process exits or is told to stop by
 * SIGINT, SIGTERM or SIGHUP. The signal handlers exist only while a kernel is
 * alive, so a program without kernels keeps Node's default behaviour.
 */
const liveGroups = new Set<number>();
const stopSignals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/** Kills a whole process group; a group that is already gone is fine. */
export function killProcessGroup(groupId: number, signal: NodeJS.Signals = "SIGKILL"): void {
  try {
    process.kill(-groupId, signal);
  } catch {
    // ESRCH: nothing left in the group.
  }
}

function killAll(): void {
  for (const groupId of liveGroups) killProcessGroup(groupId);
  liveGroups.clear();
}

function onStopSignal(signal: NodeJS.Signals): void {
  killAll();
  uninstall();
  // If nobody else handles the signal, re-raise it so the program ends the
  // way it would have without us (exit status 128 + signal number).
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function install(): void {
  process.on("exit", killAll);
  for (const signal of stopSignals) process.on(signal, onStopSignal);
}

function uninstall(): void {
  process.off("exit", killAll);
  for (const signal of stopSignals) process.off(signal, onStopSignal);
}

export function watchProcessGroup(groupId: number): void {
  if (liveGroups.size === 0) install();
  liveGroups.add(groupId);
}

export function forgetProcessGroup(groupId: number): void {
  liveGroups.delete(groupId);
  if (liveGroups.size === 0) uninstall();
}
