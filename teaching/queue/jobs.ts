/**
 * A grading job as it travels through the queue: the submission's bytes and
 * whose it is, the settings it is graded with and the lessons version it
 * must be graded against; and what comes back, a GradeResult as JSON.
 *
 * The teacher's lessons and the answer key do not travel: every worker reads
 * its own checkout (the lessons' commit, with dlfs's key built in) and
 * refuses a job of another lessons version. The key would otherwise sit in
 * Redis beside every job, and a worker would grade against whatever a job said.
 */
import { CheckReport } from "dlfs/answer-key";
import type { AnswerKey } from "dlfs/answer-key";
import type { GradeResult } from "../grader/grade-submission";
import { graderVersion, lessonInfos, sha256 } from "../gradebook/index";

/** What a submission is graded with, beside its lesson: the same on every worker for the same job. */
export interface GradingSettings {
  timeoutSeconds: number;
  submissionTimeoutSeconds: number;
  memoryMb: number;
  fullTraining: boolean;
  /** null: no hidden inputs. */
  hiddenSeed: number | null;
  hiddenWeight?: number;
}

export interface GradingJobData {
  /** The lessons' and grader's version the job must be graded with (lessonsVersion). */
  lessonsVersion: string;
  settings: GradingSettings;
  /**
   * The first file of these bytes, relative to the gradebook: for the workers' logs only.
   * A job carries no student: it is every file of the same bytes, and the collector makes
   * its result each one's own row (name, file, notes).
   */
  fileKey: string;
  /** The file's name for grading: the lesson's number, as the collector found it. */
  name: string;
  /** The file's bytes, base64 (emptied once the result is recorded). */
  content: string;
}

/** The worker that graded a job: where, and on which Node (every worker should run the same). */
export interface WorkerIdentity {
  host: string;
  pid: number;
  node: string;
}

export interface GradingJobResult {
  /** GradeResult as JSON (its CheckReports as plain objects; reviveResult makes them whole). */
  result: unknown;
  worker: WorkerIdentity;
}

/**
 * The version of everything a grade depends on besides the submission:
 * each lesson's code, check and key (as the gradebook versions them) and
 * the grader's own code. Two workers grade alike only when theirs agree.
 */
export function lessonsVersion(lessonsDir: string, keys: AnswerKey): string {
  const lessons = lessonInfos(lessonsDir, keys)
    .map(({ problem, version }) => `${problem}=${version}`)
    .sort();
  return sha256(JSON.stringify({ lessons, grader: graderVersion() })).slice(0, 16);
}

/**
 * The job's id: the file's content hash, its lesson's version, the lessons
 * version (every lesson and the grader) and the settings. The same bytes
 * handed in again (by anyone, in any run) are the same job, graded once; a
 * changed lesson, grader or settings make a new one, so that a result of
 * an older grader is never taken for a new one's. (BullMQ's ids must not hold ":".)
 */
export function jobIdOf(contentHash: string, lessonVersion: string, lessonsVersion: string, settings: GradingSettings): string {
  return `${contentHash.slice(0, 32)}.${lessonVersion}.${lessonsVersion}.${sha256(JSON.stringify(settings)).slice(0, 8)}`;
}

/** A GradeResult that came back as JSON, with its CheckReports made whole again. */
export function reviveResult(json: unknown): GradeResult {
  const result = json as GradeResult;
  const report = (plain: CheckReport): CheckReport => new CheckReport(plain.problem, plain.title, plain.outcomes, plain.language);
  return {
    ...result,
    ...(result.report === undefined ? {} : { report: report(result.report) }),
    ...(result.hidden === undefined ? {} : { hidden: { ...result.hidden, report: report(result.hidden.report) } }),
  };
}
