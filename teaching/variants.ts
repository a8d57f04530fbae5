/**
 * A lesson's variant per student: the same lesson with the student's own
 * input data, so that answers cannot pass from one learner to another. A
 * variant is drawn as hidden inputs are (teaching/hidden-inputs.ts, the
 * lesson's `metadata.dlfs.hidden`), from a seed made of the lesson, the
 * student's name and the course secret: the teacher's handouts and the
 * grader make the same seed, a learner who knows another's name cannot.
 *
 * The secret is a line of text the teacher keeps (`--secret`, or the file
 * `.course-secret`, which git ignores): the same secret later regrades the
 * same variants; with another, every variant is another.
 */
import { createHmac, randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";

/** Where the course secret is kept unless told otherwise: in the folder the commands run in. */
export const defaultSecretFile = ".course-secret";

/** A secret too short to keep a variant from being guessed. */
const shortestSecret = 16;

export class CourseSecretError extends Error {}

/** The secret given on the command line, or read from its file. */
export function readCourseSecret(given: { secret?: string; file?: string }): string {
  if (given.secret !== undefined) return checkedSecret(given.secret, "--secret");
  const file = path.resolve(given.file ?? defaultSecretFile);
  if (!fs.existsSync(file))
    throw new CourseSecretError(
      `there is no course secret in ${file}: give the one the handouts were made with (--secret, or --secret-file)`,
    );
  return checkedSecret(fs.readFileSync(file, "utf8").trim(), file);
}

function checkedSecret(secret: string, where: string): string {
  if (secret.length < shortestSecret)
    throw new CourseSecretError(
      `the course secret (${where}) has ${secret.length} characters: give at least ${shortestSecret}, or let \`npm run student -- --roster\` make one`,
    );
  return secret;
}

/**
 * The secret for making handouts: given, read from its file, or (the first
 * time) made and written there, readable by its owner only. `made` says
 * which, so that the teacher is told to keep it.
 */
export function courseSecretForHandouts(given: { secret?: string; file?: string }): { secret: string; made?: string } {
  const file = path.resolve(given.file ?? defaultSecretFile);
  if (given.secret !== undefined || fs.existsSync(file)) return { secret: readCourseSecret(given) };
  const secret = randomBytes(24).toString("base64url");
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  return { secret, made: file };
}

/** The seed of `student`'s variant of lesson `problem` (a 32-bit number, as RandomState takes). */
export function variantSeed(secret: string, problem: string, student: string): number {
  const mac = createHmac("sha256", secret)
    .update(`dlfs variant\0${problem}\0${student.normalize("NFC")}`)
    .digest();
  return mac.readUInt32BE(0);
}

/** A variant's name in the gradebook and the reports: its seed in hexadecimal. */
export function variantId(seed: number): string {
  return seed.toString(16).padStart(8, "0");
}
