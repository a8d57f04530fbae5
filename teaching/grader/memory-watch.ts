/**
 * Stops a kernel that uses too much memory. The heap limit given to Node
 * (--max-old-space-size) does not count typed arrays, which live outside
 * the heap: `new Float64Array(1e9)` would take 8 GB. So the kernel's
 * resident memory is read from /proc a few times a second as well.
 */
import * as fs from "fs";
import { killProcessGroup } from "../../jupyter-client";

const pollMs = 200;

/** Resident memory of a process in MB, or undefined where /proc cannot tell. */
function residentMb(pid: number): number | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb === undefined ? undefined : Number(kb) / 1024;
  } catch {
    return undefined;
  }
}

export interface MemoryWatch {
  /** The largest resident size seen, in MB. */
  readonly peakMb: number;
  /** The resident memory above which the kernel is killed, in MB. */
  readonly limitMb: number;
  /** True once the kernel was killed for going over the limit. */
  readonly exceeded: boolean;
  stop(): void;
}

/**
 * Watches the kernel process `pid` and kills the process group `groupId`
 * (the kernel's, or its sandbox's, which takes the kernel with it) above
 * `limitMb`.
 */
export function watchMemory(pid: number, groupId: number, limitMb: number): MemoryWatch {
  const state = { peakMb: 0, exceeded: false };
  const timer = setInterval(() => {
    const mb = residentMb(pid);
    if (mb === undefined) return;
    state.peakMb = Math.max(state.peakMb, mb);
    if (mb > limitMb && !state.exceeded) {
      state.exceeded = true;
      killProcessGroup(groupId, "SIGKILL");
    }
  }, pollMs);
  timer.unref();
  return {
    get peakMb() {
      return state.peakMb;
    },
    get exceeded() {
      return state.exceeded;
    },
    limitMb,
    stop: () => clearInterval(timer),
  };
}
