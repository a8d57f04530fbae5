/**
 * The gradebook opened by the commands that read it (show, export,
 * feedback, flags). When the course file changed since the grades were
 * computed (a due date moved, another late rule), they are computed again
 * first, as a run of their own, and the dashboard is written again.
 */
import * as path from "path";
import { type CourseSettings, courseFingerprint, loadCourse, saveCourse } from "./course-file";
import { CourseDatabase, databaseFile } from "./database";
import { writeDashboard } from "./dashboard";
import { recomputeGrades } from "./grades";
import { graderVersion } from "./versions";

export async function openForReading(
  gradesDir: string,
  courseFile?: string,
): Promise<{ db: CourseDatabase; course: CourseSettings }> {
  const db = await CourseDatabase.open(databaseFile(gradesDir), { create: false });
  const recorded = db.get<{ value: string }>("SELECT value FROM meta WHERE key = 'course_file'")?.value;
  const course = loadCourse(courseFile ?? (recorded === undefined || recorded === "" ? undefined : recorded));
  const fingerprint = courseFingerprint(course);
  const known = db.get<{ value: string }>("SELECT value FROM meta WHERE key = 'course'")?.value;
  if (known !== fingerprint) {
    db.transaction(() => {
      db.run("INSERT INTO runs (started_at, finished_at, kind, grader_version) VALUES (?, ?, 'recompute', ?)", [
        new Date().toISOString(),
        new Date().toISOString(),
        graderVersion(),
      ]);
      recomputeGrades(db, course, db.lastId());
      saveCourse(db, course);
    });
    writeDashboard(db, path.resolve(gradesDir), course);
  }
  return { db, course };
}
