// Mocha for every test under test/, TypeScript through tsx. In CI (CI=true)
// a skipped or .only test fails the run: nothing checks less than it says.
module.exports = {
  require: ["tsx/cjs"],
  extension: ["ts"],
  timeout: 20000,
  reporter: "spec",
  forbidOnly: process.env.CI === "true",
  forbidPending: process.env.CI === "true",
};
