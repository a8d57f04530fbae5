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
import type { SealedProblemKey } from "dlfs/answer-key";
import { isJsonObject, type Notebook } from "../jupyter-client";

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
      `the course secret (${where}) has ${secret.length} characters, fewer than ${shortestSecret}: give the one the handouts were made with (a new secret draws other data)`,
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

/** A fingerprint of the secret, kept with the handouts: the grader knows a wrong secret without keeping the secret there. */
export function secretFingerprint(secret: string): string {
  return createHmac("sha256", secret).update("dlfs course secret fingerprint").digest("hex").slice(0, 16);
}

/** What a variant handout's metadata says of it (metadata.dlfs.variant). */
export interface VariantMark {
  /** The variant's name: its seed in hexadecimal, as the gradebook shows it. */
  id: string;
  student: string;
  /** The sealed key of the student's data: what check() compares with. */
  key: SealedProblemKey;
}

/** The variant a handout says it is (metadata.dlfs.variant), if it is one. */
export function variantMarkOf(notebook: Notebook): VariantMark | undefined {
  const dlfs = notebook.metadata.dlfs;
  const variant = isJsonObject(dlfs) ? dlfs.variant : undefined;
  if (!isJsonObject(variant) || typeof variant.id !== "string" || typeof variant.student !== "string") return undefined;
  return variant as unknown as VariantMark;
}

/**
 * What `npm run student -- --roster` made, written beside the handouts
 * (`variants.json`): which lessons were handed out per student, to whom,
 * each variant's id, and the secret's fingerprint. The grader varies only
 * these lessons for these students, and knows when the secret or a lesson's
 * inputs are not those the handouts were made with.
 */
export interface VariantManifest {
  secret: string;
  /** problem → student → variant id. */
  lessons: Record<string, Record<string, string>>;
}

export const manifestFileName = "variants.json";

/** A variants.json that cannot be read as one. */
class VariantManifestError extends Error {}

export function readVariantManifest(file: string): VariantManifest {
  const fail = (why: string): never => {
    throw new VariantManifestError(
      `${file} ${why}: give the variants.json that npm run student -- --roster wrote beside the handouts`,
    );
  };
  if (!fs.existsSync(file)) return fail("does not exist");
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return fail("is not JSON");
  }
  const manifest = parsed as Partial<VariantManifest>;
  const lessons = manifest.lessons;
  if (typeof manifest.secret !== "string" || typeof lessons !== "object" || lessons === null)
    return fail("is not a list of variants");
  for (const students of Object.values(lessons))
    if (typeof students !== "object" || students === null || !Object.values(students).every((id) => typeof id === "string"))
      return fail("is not a list of variants");
  return { secret: manifest.secret, lessons };
}

/** The same name for a folder on every file system: one form of Unicode (NFC), case aside. */
export function folderKey(student: string): string {
  return student.normalize("NFC").toLowerCase();
}
