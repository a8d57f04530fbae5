/**
 * Kernels that run side by side share the machine's cores. dlfs gives each
 * kernel one worker thread per core (DLFS_THREADS sets the number); two such
 * kernels on two cores wait, product after product, for a thread that the
 * other kernel's threads have pushed off its core. Measured on 2 cores, two
 * 784-50-10 trainings of 1,200 updates at once: 7.8 s each with two threads
 * per kernel, 6.1 s with one. dlfs's results do not depend on the number.
 */
import * as os from "os";

/**
 * `env` with DLFS_THREADS set to each kernel's share of the cores when
 * `kernels` run at once; `env` itself when there is one, or when the user
 * chose DLFS_THREADS already.
 */
export function environmentForKernelsAtOnce(kernels: number, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (kernels <= 1 || env.DLFS_THREADS !== undefined) return env;
  return { ...env, DLFS_THREADS: String(Math.max(1, Math.floor(os.availableParallelism() / kernels))) };
}
