/**
 * What the project's commands (npm run nb, grade, gradebook, student, doctor,
 * start, setup-kernel, the benchmarks) share: the exit codes, the error of a
 * wrong command line, and how a command runs and reports what stopped it.
 * Here because every tool may import the Jupyter client and it imports none.
 */

/** 0 done, 1 something failed, 2 a wrong command line (a command may add its own above these). */
export const exitCodes = { ok: 0, failed: 1, usage: 2 } as const;

/** A wrong command line: printed with where the command's help is, exit code 2. */
export class UsageError extends Error {}

/** A thrown value's message (anything can be thrown). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A UsageError, or what util.parseArgs throws for an unknown option or a missing value. */
function isUsageError(error: unknown): boolean {
  return (
    error instanceof UsageError ||
    (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"))
  );
}

/** What is wrong with the command line, then where `npm run <command> -- --help` says more. */
export function usageMessage(command: string, error: unknown): string {
  return `${command}: ${messageOf(error)}\nRun \`npm run ${command} -- --help\` for usage.`;
}

/**
 * Runs a command's main and exits with the code it returns. What main throws
 * is a wrong command line (a UsageError, parseArgs's errors: exit code 2), or
 * else either an error for the user, printed as `command: message`, or, for a
 * command whose main catches every error it expects, a bug, printed whole
 * with its stack (exit code 1 both).
 */
export function runCommand(command: string, main: () => number | Promise<number>, escapes: "user errors" | "bugs"): void {
  void Promise.resolve()
    .then(main)
    .then(
      (code) => {
        process.exitCode = code;
      },
      (error: unknown) => {
        if (isUsageError(error)) {
          console.error(usageMessage(command, error));
          process.exitCode = exitCodes.usage;
          return;
        }
        if (escapes === "bugs") console.error(error);
        else console.error(`${command}: ${messageOf(error)}`);
        process.exitCode = exitCodes.failed;
      },
    );
}
