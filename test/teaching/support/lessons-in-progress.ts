// Lessons still being cleared for issue 11: their tests in
// test/teaching/leaks.test.ts and mistakes.test.ts are reported as pending
// instead of failing. Whoever clears a lesson removes its number here; the
// lists must end empty.

/** Lessons whose student version still shows solution code. */
export const leaksInProgress: ReadonlySet<string> = new Set(["213", "229"]);

/** Lessons without their two mistake cases yet (test/teaching/mistakes/NNN.ts). */
export const mistakesInProgress: ReadonlySet<string> = new Set([
  "209",
  "210",
  "211",
  "212",
  "213",
  "214",
  "215",
  "216",
  "217",
  "218",
  "219",
  "220",
  "221",
  "222",
  "223",
  "224",
  "225",
  "226",
  "227",
  "228",
  "229",
]);
