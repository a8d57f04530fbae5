// The files of a class folder that belong to the course, not to a student:
// the grader gives them no row.
import { courseFileName } from "./course-file";
import { handInTimeFileName } from "./versions";

/** course.json (the course's settings) and nbgrader's timestamp.txt beside each submission. */
export const classFolderFiles: readonly string[] = [courseFileName, handInTimeFileName];
