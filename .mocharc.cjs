// Mocha for every test under test/, TypeScript through tsx. In CI (CI=true)
// a skipped or .only test fails the run: nothing checks less than it says.
// `npm test` and `npm run test:all` run it through test/run.ts (the tiers).
module.exports = {
  require: ["tsx/cjs", "./test/support/kernel-log.ts"],
  extension: ["ts"],
  timeout: 20000,
  reporter: "spec",
  forbidOnly: process.env.CI === "true",
  forbidPending: process.env.CI === "true",
};
