// The suite's tiers. A suite (or a single test) says in its title what it
// needs beyond this process and a few kernels, with one of these tags:
//
//   describe("the site in Chromium @browser", ...)
//
// `npm test` runs the fast tier: every test whose title (with its suites')
// carries none of them. `npm run test:all` runs every test, as CI does.
// A suite that starts Chromium or a server without its tag fails at once
// (useChromium and requireProgram ask for it), and the fast tier's kernel
// starts are counted against a budget (scripts/test.ts), so a new test lands
// in the right tier by saying what it needs.

export const tags = {
  slow: "minutes of CPU: many kernel runs, trainings of MNIST networks, every lesson in full",
  browser: "headless Chromium (Debian's chromium)",
  server: "a server of its own: Jupyter Notebook, JupyterHub, Redis",
} as const;

export type Tag = keyof typeof tags;

/** Matches a title that puts its test outside the fast tier. */
export const outsideFastTier = new RegExp(`@(?:${Object.keys(tags).join("|")})\\b`);

/** Every `@word` in a title, without the `@`. */
export function tagsIn(title: string): string[] {
  return [...title.matchAll(/(?<![\w.])@([A-Za-z][\w-]*)/g)].map((match) => match[1]);
}

/**
 * Fails the calling hook's suite unless it, or every test in it, is tagged
 * `@tag`: it needs `what`, which the fast tier must not start.
 */
export function requireTag(context: Mocha.Context, tag: Tag, what: string): void {
  const suite = context.test?.parent;
  if (suite === undefined) return;
  const testsTagged = (s: Mocha.Suite): boolean =>
    s.tests.every((test) => tagsIn(test.title).includes(tag)) && s.suites.every(testsTagged);
  if (tagsIn(suite.fullTitle()).includes(tag) || testsTagged(suite)) return;
  throw new Error(
    `"${suite.fullTitle()}" needs ${what}: add @${tag} to its title (see test/support/tiers.ts), ` +
      "so that `npm test` leaves it to `npm run test:all`",
  );
}
