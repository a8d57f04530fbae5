// Runs a differential fixture through dlfs and prints how many cases are exact,
// how many are documented differences, and every mismatch:
//   /usr/bin/python3 test/lib/fixtures/numpy_differential.py --seeds 101-110 --out /tmp/new.json
//   npx tsx test/lib/differential/report.ts /tmp/new.json
import { readFixture, summarize } from "./cases";

const path = process.argv[2];
if (!path) {
  console.error("usage: npx tsx test/lib/differential/report.ts <fixture.json>");
  process.exit(2);
}
const fixture = readFixture(path);
const summary = summarize(fixture.cases);
const percent = (n: number): string => `${((100 * n) / summary.total).toFixed(2)}%`;
console.log(`NumPy ${fixture.numpy}, seeds ${fixture.seeds.join(",")}: ${summary.total} cases`);
console.log(`  exact       ${summary.exact} (${percent(summary.exact)})`);
console.log(`  documented  ${summary.documented} (${percent(summary.documented)})`);
console.log(`  mismatches  ${summary.mismatches.length} (${percent(summary.mismatches.length)})`);
// The kinds of case the first differential test had (no unary functions, astype, take, get or item).
const kinds = new Set([
  "print",
  "add",
  "subtract",
  "multiply",
  "true_divide",
  "maximum",
  "less_equal",
  "less",
  "greater_equal",
  "greater",
  "equal",
  "not_equal",
  "putmask",
  "sum",
  "mean",
  "max",
  "min",
  "argmax",
  "dot",
  "reshape",
  "transpose",
  "flatten",
  "array",
  "zeros",
  "ones",
  "full",
  "arange",
  "iadd",
  "isub",
  "imul",
]);
const first = summarize(fixture.cases.filter((c) => kinds.has(c.op)));
console.log(
  `  of them printing, element-wise operations, comparisons, putmask, reductions, argmax, dot, shapes, creation, in place:`,
);
console.log(
  `    ${first.total} cases, ${first.exact} exact (${((100 * first.exact) / first.total).toFixed(2)}%), ${first.documented} documented, ${first.mismatches.length} mismatches`,
);
for (const [op, counts] of [...summary.byOp].sort()) {
  console.log(
    `    ${op.padEnd(14)} ${String(counts.cases).padStart(5)} cases, ${counts.exact} exact, ${counts.documented} documented`,
  );
}
for (const { case: c, detail } of summary.mismatches) console.log(`  ✘ ${c.id} (${c.op}): ${detail}`);
