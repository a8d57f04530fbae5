// The class dashboard in headless Chromium, opened from the file system as a
// teacher opens it: with scripts, plotly draws the points per lesson, each
// answer's share correct and the heatmap; without, the tables say the same.
// Screenshots in test-artifacts/gradebook-dashboard*.png.
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { answerKey } from "dlfs/answer-key";
import { CourseRun } from "../../../teaching/gradebook/index";
import { artifacts, useChromium } from "../../support/chromium";
import { notebooksDir } from "../../support/lessons";
import { tempFolder } from "../support/submissions";
import { type Attempt, due, firstAttempts, gradeRun, handIn, lateRule, planted, problems } from "./support/made-up-class";

const submissions = tempFolder("dlfs-dashboard-");
const grades = tempFolder("dlfs-dashboard-grades-");
const lessons = tempFolder("dlfs-dashboard-lessons-");
const dashboard = pathToFileURL(path.join(grades, "index.html")).href;
let graded: Promise<void> | undefined;

/** The first run of the made-up class, once for both suites. */
function gradeClass(): Promise<void> {
  graded ??= (async () => {
    for (const name of fs.readdirSync(notebooksDir).filter((n) => problems.some((p) => n.startsWith(`${p}_`))))
      fs.copyFileSync(path.join(notebooksDir, name), path.join(lessons, name));
    fs.writeFileSync(
      path.join(submissions, "course.json"),
      JSON.stringify({ policy: "best", late: lateRule, lessons: Object.fromEntries(problems.map((p) => [p, { due: due[p] }])) }),
    );
    const attempts = firstAttempts();
    handIn(submissions, attempts);
    const run = await CourseRun.open({
      outDir: grades,
      inputs: [submissions],
      lessonsDir: lessons,
      keys: answerKey,
      kind: "grade",
    });
    gradeRun(run, submissions, new Map<string, Attempt>(attempts.map((a) => [a.file, a])), new Set(), answerKey);
    run.finish();
  })();
  return graded;
}

describe("course gradebook: the class dashboard in Chromium @browser", function () {
  this.timeout(180_000);
  const browser = useChromium();

  before(gradeClass);

  it("draws the plots from the file system, with nothing fetched from elsewhere", async () => {
    const page = await browser().newPage();
    const elsewhere: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith("file://")) elsewhere.push(request.url());
    });
    try {
      await page.goto(dashboard, { waitUntil: "load" });
      // 5 lessons' points, the answers, the heatmap.
      await page.waitForFunction(() => document.querySelectorAll(".js-plotly-plot").length === 7, undefined, { timeout: 60_000 });
      expect(await page.locator("#heatmap-plot .hm, #heatmap-plot .heatmaplayer").count()).to.be.greaterThan(0);
      expect(await page.locator("#answers-plot .bars .point").count()).to.be.greaterThan(0);
      await page.screenshot({ path: path.join(artifacts, "gradebook-dashboard.png"), fullPage: true });
      expect(elsewhere).to.deep.equal([]);
    } finally {
      await page.close();
    }
  });
});

describe("course gradebook: the class dashboard with scripts off @browser", function () {
  this.timeout(180_000);
  const browser = useChromium({ javaScriptEnabled: false });

  before(gradeClass);

  after(() => {
    for (const dir of [submissions, grades, lessons]) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("shows the mistakes ranked, the heatmap and the shares as tables", async () => {
    const page = await browser().newPage();
    try {
      await page.goto(dashboard, { waitUntil: "load" });
      const firstMistakes = await page
        .locator("#mistakes tbody tr")
        .evaluateAll((rows) =>
          rows.slice(0, 3).map((row) => [...row.querySelectorAll("td, th")].map((cell) => (cell as HTMLElement).innerText)),
        );
      expect(firstMistakes.map((cells) => [cells[3], cells[5]])).to.deep.equal(planted.map((p) => [p.problem, p.hint]));
      expect(await page.locator("#heatmap-table tbody tr").count()).to.equal(40);
      expect(await page.locator("#heatmap-table .late").count()).to.equal(4); // 38–40 on 228, 37 on 230
      expect(await page.locator("#heatmap-table .flag").count()).to.equal(1);
      expect(await page.locator("#heatmap-table").isVisible()).to.equal(true);
      await page.screenshot({ path: path.join(artifacts, "gradebook-dashboard-no-scripts.png"), fullPage: true });
    } finally {
      await page.close();
    }
  });
});
