/**
 * What the grader calls: open the course's gradebook for a run, ask whether
 * a submission needs grading, record each graded submission as it arrives
 * (one transaction each: a run stopped at any point keeps every result so
 * far), and finish the run (grades recomputed, the class dashboard written).
 *
 * It knows nothing of kernels or notebooks' cells: a result is the row the
 * grader writes and one outcome per answer, on the lesson's own data and on
 * hidden data.
 */
import * as path from "path";
import { performance } from "perf_hooks";
import type { ProblemKey } from "dlfs/answer-key";
import { type CourseSettings, findCourseFile, loadCourse, saveCourse } from "./course-file";
import { CourseDatabase, databaseFile } from "./database";
import { writeDashboard } from "./dashboard";
import { recomputeGrades } from "./grades";
import { contentHash, graderVersion, type LessonInfo, lessonInfos, sha256, submittedAt, variantOf } from "./versions";

/** One answer's outcome (dlfs's CheckOutcome fits): its expected value is never stored. */
export interface AnswerResult {
  name: string;
  passed: boolean;
  /** The mistake the check named, when wrong. */
  hint?: string;
  /** The value given, as printed. */
  given?: string;
}

/** A graded submission, as the grader reports it. */
interface GradedSubmission {
  /** The submission's absolute path. */
  file: string;
  student: string;
  /** "" when the file names no lesson. */
  problem: string;
  status: string;
  points: number;
  max: number;
  reason: string;
  seconds: number;
  /** The grader's HTML report, relative to the gradebook's folder. */
  report?: string;
  /** Outcomes on the lesson's own data. */
  shown: readonly AnswerResult[];
  /** Outcomes on hidden inputs, when the grader ran them. */
  hidden?: readonly AnswerResult[];
  /** Why the grader flagged it. */
  findings: readonly string[];
  /** The lesson variant's seed; read from the notebook's metadata when not given. */
  variant?: string;
}

// The schema also allows "quick" and "recompute": runs of an older grader's --quick, and of the gradebook itself.
type RunKind = "grade" | "regrade";

interface CourseRunOptions {
  /** The gradebook's folder (grades/): course.sqlite, index.html. */
  outDir: string;
  /** The submissions the teacher named: where course.json is looked for. */
  inputs: readonly string[];
  lessonsDir: string;
  keys: Readonly<Record<string, ProblemKey>>;
  kind: RunKind;
  /** The course file, when not the one next to the submissions. */
  courseFile?: string;
}

/** Given values are kept to this many characters (a whole MNIST array is not an answer anyone reads). */
const givenLimit = 2000;

function now(): string {
  return new Date().toISOString();
}

/** How often a run writes the dashboard while it grades (and always when it finishes). */
const dashboardEveryMs = 10_000;

export class CourseRun {
  private dashboardWritten = -Infinity;

  private constructor(
    private readonly db: CourseDatabase,
    private readonly outDir: string,
    private readonly course: CourseSettings,
    private readonly runId: number,
    /** The lesson version a grading of this run carries, by problem. */
    private readonly versions: ReadonlyMap<string, string>,
    private readonly grader: string,
  ) {}

  static async open(options: CourseRunOptions): Promise<CourseRun> {
    const outDir = path.resolve(options.outDir);
    const course = loadCourse(options.courseFile ?? findCourseFile(options.inputs));
    const db = await CourseDatabase.open(databaseFile(outDir), { create: true });
    const grader = graderVersion();
    const lessons = lessonInfos(options.lessonsDir, options.keys);
    const runId = db.transaction(() => {
      db.run("INSERT INTO runs (started_at, kind, grader_version) VALUES (?, ?, ?)", [now(), options.kind, grader]);
      const id = db.lastId();
      for (const lesson of lessons) upsertLesson(db, lesson, id);
      saveCourse(db, course);
      // Due dates or the late rule may have changed since the last run.
      recomputeGrades(db, course, id);
      return id;
    });
    const versions = new Map(lessons.map((lesson) => [lesson.problem, lesson.version]));
    return new CourseRun(db, outDir, course, runId, versions, grader);
  }

  /** The file's key in the gradebook: its path relative to the gradebook's folder (as the CSV has it). */
  private keyOf(file: string): string {
    return path.relative(this.outDir, path.resolve(file));
  }

  /**
   * True when the gradebook has this file's path with another content (a
   * resubmission in its place), or graded it for an older version of its
   * lesson; false when it is up to date or unknown here.
   */
  isOutdated(file: string): boolean {
    const known = this.db.get<{ content_hash: string; problem: string | null; lesson_version: string }>(
      `SELECT s.content_hash, l.problem, g.lesson_version FROM submissions s
       JOIN gradings g ON g.id = s.grading_id LEFT JOIN lessons l ON l.id = s.lesson_id
       WHERE s.file = ? ORDER BY g.id DESC LIMIT 1`,
      [this.keyOf(file)],
    );
    if (known === undefined) return false;
    if (known.content_hash !== contentHash(file)) return true;
    return known.problem !== null && this.versions.get(known.problem) !== known.lesson_version;
  }

  /** Records one graded submission and its student's new grade for the lesson, in one transaction. */
  record(graded: GradedSubmission): void {
    const hash = contentHash(graded.file);
    const handedIn = submittedAt(graded.file).toISOString();
    const variant = graded.variant ?? variantOf(graded.file);
    const fileKey = this.keyOf(graded.file);
    this.db.transaction(() => {
      const db = this.db;
      db.run("INSERT OR IGNORE INTO students (name) VALUES (?)", [graded.student]);
      const studentId = db.get<{ id: number }>("SELECT id FROM students WHERE name = ?", [graded.student])?.id ?? 0;
      const lessonId = db.get<{ id: number }>("SELECT id FROM lessons WHERE problem = ?", [graded.problem])?.id ?? null;
      let submissionId = db.get<{ id: number }>("SELECT id FROM submissions WHERE file = ? AND content_hash = ?", [
        fileKey,
        hash,
      ])?.id;
      if (submissionId === undefined) {
        db.run(
          "INSERT INTO submissions (student_id, lesson_id, file, content_hash, submitted_at, variant) VALUES (?, ?, ?, ?, ?, ?)",
          [studentId, lessonId, fileKey, hash, handedIn, variant ?? null],
        );
        submissionId = db.lastId();
      }
      const gradedAt = now();
      db.run(
        `INSERT INTO gradings (submission_id, run_id, graded_at, grader_version, lesson_version, status, points, max, reason, seconds, report)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          submissionId,
          this.runId,
          gradedAt,
          this.grader,
          this.versions.get(graded.problem) ?? "",
          graded.status,
          graded.points,
          graded.max,
          graded.reason,
          graded.seconds,
          graded.report ?? null,
        ],
      );
      const gradingId = db.lastId();
      db.run("UPDATE submissions SET grading_id = ?, graded_at = ?, grader_version = ? WHERE id = ?", [
        gradingId,
        gradedAt,
        this.grader,
        submissionId,
      ]);
      const results: [AnswerResult, "shown" | "hidden"][] = [
        ...graded.shown.map((r): [AnswerResult, "shown"] => [r, "shown"]),
        ...(graded.hidden ?? []).map((r): [AnswerResult, "hidden"] => [r, "hidden"]),
      ];
      for (const [result, data] of results) {
        const given = result.given === undefined || result.given === "" ? null : result.given;
        db.run(
          "INSERT OR REPLACE INTO results (grading_id, answer, data, passed, hint, given, given_hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
          [
            gradingId,
            result.name,
            data,
            result.passed ? 1 : 0,
            result.passed ? null : (result.hint ?? null),
            // The value itself only where it was wrong (feedback shows it); its hash always (flags compare it).
            data === "shown" && given !== null && !result.passed ? given.slice(0, givenLimit) : null,
            given === null ? null : sha256(given),
          ],
        );
      }
      for (const finding of graded.findings)
        db.run("INSERT INTO findings (grading_id, finding) VALUES (?, ?)", [gradingId, finding]);
      db.run("UPDATE runs SET graded = graded + 1 WHERE id = ?", [this.runId]);
      if (lessonId !== null) recomputeGrades(db, this.course, this.runId, { studentId, lessonId });
    });
    // The dashboard follows a run as it goes, but not after every result: for a class it takes longer to write than a row.
    if (performance.now() - this.dashboardWritten > dashboardEveryMs) this.writeDashboard();
  }

  /** Marks the run finished and writes the class dashboard. */
  finish(): void {
    this.db.transaction(() => {
      this.db.run("DELETE FROM grade_changes WHERE run_id = ? AND before IS after", [this.runId]);
      this.db.run("UPDATE runs SET finished_at = ? WHERE id = ?", [now(), this.runId]);
    });
    this.writeDashboard();
    this.db.close();
  }

  private writeDashboard(): void {
    writeDashboard(this.db, this.outDir, this.course);
    this.dashboardWritten = performance.now();
  }
}

function upsertLesson(db: CourseDatabase, lesson: LessonInfo, runId: number): void {
  const known = db.get<{ version: string }>("SELECT version FROM lessons WHERE problem = ?", [lesson.problem]);
  if (known === undefined) {
    db.run("INSERT INTO lessons (problem, title, answers, version, changed_run) VALUES (?, ?, ?, ?, ?)", [
      lesson.problem,
      lesson.title,
      lesson.answers,
      lesson.version,
      runId,
    ]);
  } else if (known.version !== lesson.version) {
    db.run("UPDATE lessons SET title = ?, answers = ?, version = ?, changed_run = ? WHERE problem = ?", [
      lesson.title,
      lesson.answers,
      lesson.version,
      runId,
      lesson.problem,
    ]);
  }
}
