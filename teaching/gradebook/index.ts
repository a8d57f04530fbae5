// The course gradebook: a semester in one SQLite file (course.sqlite), the
// class dashboard, feedback, flags and the LMS exports. The grader uses
// CourseRun (open, isOutdated, record, finish); the command line
// (teaching/gradebook.ts) the rest.
export { CourseRun } from "./recording";
export { classFolderFiles } from "./class-folder";
export type { AnswerResult } from "./recording";
export { contentHash, graderVersion, lessonInfos, readRegularFile, sha256 } from "./versions";
export { openForReading } from "./reading";
export { exportFormats, exportGrades, readRoster } from "./export";
export type { ExportFormat } from "./export";
export { classTable, studentRecord } from "./show";
export { writeFeedback } from "./feedback";
export { collectFlags } from "./flags";
export { classGrades } from "./queries";
export { notEvaluatedPrefix, otherDataPrefix } from "./hints";
export { policies } from "./schema";
export type { Policy } from "./schema";
// The SQLite file and its tables, for the benchmark of bindings (scripts/bench-gradebook.ts).
export { CourseDatabase } from "./database";
export { schemaSql } from "./schema";
