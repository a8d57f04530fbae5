/**
 * The teacher's course file, `course.json`, next to the submissions: which
 * attempt counts (the policy), due dates, the late rule, the points each
 * lesson is worth in the school's LMS, and where the roster is.
 *
 *   {
 *     "policy": "best",
 *     "late": { "penaltyPerDay": 0.1, "maxDaysLate": 7, "graceMinutes": 10 },
 *     "lessons": { "213": { "due": "2025-04-01T23:59:00+09:00", "points": 10, "canvasId": 4711 } },
 *     "roster": "roster.csv"
 *   }
 *
 * Everything is optional: without the file the latest attempt counts and
 * nothing is late.
 */
import * as fs from "fs";
import * as path from "path";
import { isJsonObject, type JsonValue } from "../../jupyter-client";
import type { CourseDatabase } from "./database";
import { policies, type Policy } from "./schema";

export interface LateRule {
  /** Share of the points taken off per day late (started days count), 0 to 1. */
  penaltyPerDay: number;
  /** Work later than this many days is not accepted (it scores 0); undefined: always accepted. */
  maxDaysLate?: number;
  /** Minutes after the due date that do not count as late. */
  graceMinutes: number;
}

interface LessonSettings {
  /** Due date, as epoch milliseconds. */
  due?: number;
  /** What the lesson is worth in the LMS (default: one point per answer). */
  points?: number;
  /** The lesson's name in the LMS export (default: the lesson's title). */
  title?: string;
  /** The Canvas assignment's id, so that its import updates that assignment. */
  canvasId?: string;
}

export interface CourseSettings {
  /** The file these settings were read from, if any. */
  file?: string;
  policy: Policy;
  late: LateRule;
  lessons: Record<string, LessonSettings>;
  /** The roster file (absolute), if the course file names one. */
  roster?: string;
}

export const courseFileName = "course.json";

const defaultCourse: CourseSettings = {
  policy: "latest",
  late: { penaltyPerDay: 0, graceMinutes: 0 },
  lessons: {},
};

class CourseFileError extends Error {}

/**
 * A due date: ISO 8601 with a time zone ("2025-04-01T23:59:00+09:00"), a
 * local time ("2025-04-01T23:59") or a day ("2025-04-01", the end of that
 * day, local time).
 */
function parseDue(text: string): number | undefined {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T23:59:59.999` : text;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(day)) return undefined;
  const time = new Date(day).getTime();
  return Number.isNaN(time) ? undefined : time;
}

function number(value: JsonValue | undefined, where: string, { min, max }: { min: number; max?: number }): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || (max !== undefined && value > max)) {
    const range = max === undefined ? `at least ${min}` : `from ${min} to ${max}`;
    throw new CourseFileError(`${where} must be a number ${range}, not ${JSON.stringify(value)}`);
  }
  return value;
}

function lessonSettings(problem: string, value: JsonValue): LessonSettings {
  const where = `lessons["${problem}"]`;
  if (!isJsonObject(value)) throw new CourseFileError(`${where} must be an object like { "due": "2025-04-01T23:59:00+09:00" }`);
  const known = new Set(["due", "points", "title", "canvasId"]);
  const unknown = Object.keys(value).filter((key) => !known.has(key));
  if (unknown.length > 0) throw new CourseFileError(`${where} has ${unknown.join(", ")}; it may have ${[...known].join(", ")}`);
  const settings: LessonSettings = {};
  if (value.due !== undefined) {
    const due = typeof value.due === "string" ? parseDue(value.due) : undefined;
    if (due === undefined)
      throw new CourseFileError(
        `${where}.due must be a date like "2025-04-01T23:59:00+09:00" (or "2025-04-01", the end of that day), not ${JSON.stringify(value.due)}`,
      );
    settings.due = due;
  }
  settings.points = number(value.points, `${where}.points`, { min: 0 });
  if (value.title !== undefined) {
    if (typeof value.title !== "string" || value.title.trim() === "") throw new CourseFileError(`${where}.title must be a text`);
    settings.title = value.title;
  }
  if (value.canvasId !== undefined) {
    if ((typeof value.canvasId !== "string" && typeof value.canvasId !== "number") || !/^\d+$/.test(String(value.canvasId)))
      throw new CourseFileError(
        `${where}.canvasId must be the Canvas assignment's number (from its address, …/assignments/4711)`,
      );
    settings.canvasId = String(value.canvasId);
  }
  return settings;
}

/** Reads a course file; a mistake in it is an error that names the field and says what it takes. */
function readCourseFile(file: string): CourseSettings {
  let json: JsonValue;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8")) as JsonValue;
  } catch (error) {
    throw new Error(`${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  try {
    if (!isJsonObject(json)) throw new CourseFileError("it must be an object");
    const known = new Set(["policy", "late", "lessons", "roster"]);
    const unknown = Object.keys(json).filter((key) => !known.has(key));
    if (unknown.length > 0)
      throw new CourseFileError(`it has ${unknown.join(", ")}; a course file may have ${[...known].join(", ")}`);
    const course: CourseSettings = { ...defaultCourse, file: path.resolve(file), lessons: {} };
    if (json.policy !== undefined) {
      if (!policies.includes(json.policy as Policy))
        throw new CourseFileError(
          `policy must be ${policies.map((p) => `"${p}"`).join(" or ")}, not ${JSON.stringify(json.policy)}`,
        );
      course.policy = json.policy as Policy;
    }
    if (json.late !== undefined) {
      const late = json.late;
      if (!isJsonObject(late))
        throw new CourseFileError(`late must be an object like { "penaltyPerDay": 0.1, "maxDaysLate": 7 }`);
      const lateKeys = new Set(["penaltyPerDay", "maxDaysLate", "graceMinutes"]);
      const unknownLate = Object.keys(late).filter((key) => !lateKeys.has(key));
      if (unknownLate.length > 0)
        throw new CourseFileError(`late has ${unknownLate.join(", ")}; it may have ${[...lateKeys].join(", ")}`);
      const maxDaysLate = number(late.maxDaysLate, "late.maxDaysLate", { min: 0 });
      if (maxDaysLate !== undefined && !Number.isInteger(maxDaysLate))
        throw new CourseFileError("late.maxDaysLate must be a whole number of days");
      course.late = {
        penaltyPerDay: number(late.penaltyPerDay, "late.penaltyPerDay", { min: 0, max: 1 }) ?? 0,
        maxDaysLate,
        graceMinutes: number(late.graceMinutes, "late.graceMinutes", { min: 0 }) ?? 0,
      };
    }
    if (json.lessons !== undefined) {
      if (!isJsonObject(json.lessons))
        throw new CourseFileError(`lessons must be an object keyed by problem, like { "213": { "due": "…" } }`);
      for (const [problem, value] of Object.entries(json.lessons)) {
        if (!/^\d{3}$/.test(problem))
          throw new CourseFileError(`lessons has "${problem}"; its keys are problem numbers like "213"`);
        course.lessons[problem] = lessonSettings(problem, value);
      }
    }
    if (json.roster !== undefined) {
      if (typeof json.roster !== "string") throw new CourseFileError('roster must be the name of a CSV file, like "roster.csv"');
      course.roster = path.resolve(path.dirname(file), json.roster);
    }
    return course;
  } catch (error) {
    if (error instanceof CourseFileError) throw new Error(`${file}: ${error.message}`, { cause: error });
    throw error;
  }
}

/**
 * The course file for these submissions: `course.json` in the first folder
 * named, else in the folder above it.
 */
export function findCourseFile(inputs: readonly string[]): string | undefined {
  for (const input of inputs) {
    const full = path.resolve(input);
    const folder = fs.existsSync(full) && fs.statSync(full).isDirectory() ? full : path.dirname(full);
    for (const candidate of [path.join(folder, courseFileName), path.join(path.dirname(folder), courseFileName)]) {
      if (fs.existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

/** Days late (started days count) and the share taken off, under the rule. */
export function lateness(submittedAt: number, due: number | undefined, rule: LateRule): { lateDays: number; penalty: number } {
  if (due === undefined) return { lateDays: 0, penalty: 0 };
  const lateMs = submittedAt - due - rule.graceMinutes * 60_000;
  if (lateMs <= 0) return { lateDays: 0, penalty: 0 };
  const lateDays = Math.ceil(lateMs / 86_400_000);
  if (rule.maxDaysLate !== undefined && lateDays > rule.maxDaysLate) return { lateDays, penalty: 1 };
  return { lateDays, penalty: Math.min(1, lateDays * rule.penaltyPerDay) };
}

/** What the grades depend on in the settings, as one text: when it changes, the grades are computed again. */
export function courseFingerprint(course: CourseSettings): string {
  return JSON.stringify({ policy: course.policy, late: course.late, lessons: course.lessons });
}

export function loadCourse(file: string | undefined): CourseSettings {
  return file === undefined ? defaultCourse : readCourseFile(file);
}

/** Remembers which course file the grades follow, and what it said. */
export function saveCourse(db: CourseDatabase, course: CourseSettings): void {
  const upsert = "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
  db.run(upsert, ["course_file", course.file ?? ""]);
  db.run(upsert, ["course", courseFingerprint(course)]);
}
