// Teaching a class with the lessons: student versions that hide the solutions,
// and the batch grader that runs submissions in sandboxed kernels. What the
// project's other tools (kernel-setup's doctor, the benchmarks) use is
// exported here, by name.
export { defaultLessonsDir, lessonFiles } from "./lessons";
export { studentVersion } from "./student-version";
export { gradeBatch } from "./grader/grade-batch";
export type { BatchOptions, BatchSummary } from "./grader/grade-batch";
export { gradeThroughQueue } from "./queue/collector";
export type { GradeResult, GradeRow, GradeStatus } from "./grader/grade-submission";
export { gradingWorks, type GradingCheck } from "./grader/grading-works";
export { describeOsSandbox, findOsSandbox, type OsSandbox } from "./grader/os-sandbox";
export { CourseDatabase, schemaSql } from "./gradebook/index";
