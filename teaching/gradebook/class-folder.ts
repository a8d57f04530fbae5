// The files of a class folder that belong to the course, not to a student:
// the grader gives them no row.
import { guidePageName } from "../lessons";
import { courseFileName } from "./course-file";
import { handInTimeFileName } from "./versions";

/**
 * course.json (the course's settings), nbgrader's timestamp.txt beside each
 * submission, and the page beside the handouts ("NumPy에서 dlfs로"), which a
 * student's folder holds when it is collected whole.
 */
export const classFolderFiles: readonly string[] = [courseFileName, handInTimeFileName, guidePageName];
