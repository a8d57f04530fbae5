/**
 * `npm run student -- --roster roster.csv`: a handout per student, each
 * lesson with the student's own data (teaching/variants.ts) written into
 * its inputs cells, and the sealed key of that data in its metadata, so
 * that the handout's check() checks the student's own answers. The
 * teacher's lesson is run on every variant first (in kernels of a grading
 * run: the same sandbox and limits as grading); nothing is written unless
 * every variant of every lesson could be made.
 */
import * as fs from "fs";
import * as path from "path";
import { answerKey, sealKey } from "dlfs/answer-key";
import { type Cell, isJsonObject, type JsonValue, type Notebook, readNotebook, writeNotebook } from "../jupyter-client";
import { describeAnswerLeak, findAnswerLeaks } from "./answer-leaks";
import { lessonCheck } from "./grader/check-call";
import { runLimits } from "./grader/grade-submission";
import { GradingRun } from "./grader/grading-run";
import type { HiddenReference } from "./grader/hidden-reference";
import { findOsSandbox } from "./grader/os-sandbox";
import { variantReferences } from "./grader/variant-references";
import { inputsCells, withHiddenInputs } from "./hidden-inputs";
import { copyGuidePage, problemInMetadata } from "./lessons";
import { studentVersion } from "./student-version";
import { describeLeak, findLeaks } from "./leaks";
import {
  folderKey,
  manifestFileName,
  readVariantManifest,
  secretFingerprint,
  variantId,
  type VariantManifest,
  type VariantMark,
} from "./variants";

/** The cell above a variant's inputs: whose data they are, and what that means for the learner. */
function variantNote(student: string): Cell {
  return {
    cell_type: "markdown",
    metadata: { tags: ["variant-note"] },
    source: [
      `**${student}님의 데이터 · ${student}'s own data.** 아래 셀의 값은 이 과제를 위해 ${student}님에게만 뽑은 것이라, `,
      "교재나 다른 학생의 답과 다르다. 값을 바꾸지 말고, 답은 `check()`로 확인하라. ",
      `· The values in the cell below were drawn for ${student} alone, so the answers differ from the notes' and `,
      "from a classmate's. Keep them as they are, and let `check()` tell you whether your answers are right.",
    ].join(""),
  };
}

/** A student's handout of a lesson: the student version with the variant's inputs, its note and its sealed key. */
export function variantHandout(handout: Notebook, reference: HiddenReference, student: string): Notebook {
  const { notebook } = withHiddenInputs(handout, reference.spec, reference.inputs);
  const first = inputsCells(notebook)[0];
  const cells = [...notebook.cells.slice(0, first), variantNote(student), ...notebook.cells.slice(first)];
  const mark: VariantMark = {
    id: variantId(reference.seed),
    student,
    key: sealKey({ [reference.problem]: reference.key })[reference.problem],
  };
  const dlfs = notebook.metadata.dlfs;
  // The sealed key is plain data: through JSON, it is the notebook's JSON.
  const variant = JSON.parse(JSON.stringify(mark)) as JsonValue;
  const kept = isJsonObject(dlfs) ? dlfs : {};
  const metadata = { ...notebook.metadata, dlfs: { ...kept, variant } };
  return { ...notebook, metadata, cells };
}

/** A name that can be a folder of its own: no path, no hidden or relative name. */
function checkFolderName(student: string): void {
  if (student === "." || student === ".." || student.startsWith(".") || /[/\\\0]/.test(student))
    throw new Error(`the roster's student "${student}" cannot be a folder's name: use names without / \\ or a leading dot`);
}

/** Names that would share a folder where case or Unicode's two forms of Korean do not count (macOS, Windows). */
function checkDistinctFolders(students: readonly string[]): void {
  const seen = new Map<string, string>();
  for (const student of students) {
    const other = seen.get(folderKey(student));
    if (other !== undefined)
      throw new Error(
        `the roster's students "${other}" and "${student}" would share one folder on some computers: make their names differ by more than case`,
      );
    seen.set(folderKey(student), student);
  }
}

export interface VariantHandoutsResult {
  written: string[];
  /** Solution code or checked values a handout still shows (as npm run student warns for the lesson itself). */
  warnings: string[];
  manifest: string;
}

/** The limits the grader runs a lesson with by default (npm run grade): the handouts are made under the same. */
const gradingDefaults = { timeoutSeconds: 30, submissionTimeoutSeconds: 150, memoryMb: 1024, outputLimit: 100_000 };

/**
 * Writes `outDir/<student>/<lesson>.ipynb` for every student and lesson,
 * and `outDir/variants.json` (teaching/variants.ts, VariantManifest).
 * Nothing is written unless every variant could be made.
 */
export async function writeVariantHandouts(options: {
  lessons: readonly string[];
  students: readonly string[];
  secret: string;
  outDir: string;
  onProgress?: (message: string) => void;
}): Promise<VariantHandoutsResult> {
  for (const student of options.students) checkFolderName(student);
  checkDistinctFolders(options.students);
  const sandbox = findOsSandbox();
  const run = GradingRun.create({ keys: answerKey, sandbox, memoryMb: gradingDefaults.memoryMb });
  const files: Array<{ target: string; notebook: Notebook }> = [];
  const warnings: string[] = [];
  const manifest: VariantManifest = { secret: secretFingerprint(options.secret), lessons: {} };
  try {
    const snapshotBlob = await run.buildSnapshot((message) => warnings.push(message));
    for (const file of options.lessons) {
      const name = path.basename(file);
      const lesson = readNotebook(file);
      const handout = studentVersion(lesson, name);
      for (const leak of findLeaks(lesson, name)) warnings.push(`${name}: ${describeLeak(leak)}`);
      const problem = problemInMetadata(lesson);
      const key = problem === undefined ? undefined : answerKey[problem];
      if (problem === undefined || key === undefined) throw new Error(`${name}: its problem has no answer key`);
      const check = lessonCheck(lesson, name);
      const references = await variantReferences({
        problem,
        lesson,
        check,
        key,
        limits: runLimits(gradingDefaults, check),
        kernels: { run, snapshotBlob },
        secret: options.secret,
        students: options.students,
      });
      const failed = [...(references ?? [])].flatMap(([student, reference]) =>
        "key" in reference ? [] : [`${student}'s data (seed ${reference.seed}): ${reference.why}`],
      );
      if (failed.length > 0) throw new Error(`${name}: the teacher's lesson failed on ${failed.join("; ")}`);
      if (references !== undefined) manifest.lessons[problem] = {};
      for (const student of options.students) {
        const reference = references?.get(student);
        let notebook = handout;
        if (reference !== undefined && "key" in reference) {
          notebook = variantHandout(handout, reference, student);
          manifest.lessons[problem][student] = variantId(reference.seed);
          for (const leak of findAnswerLeaks(notebook, name, reference.key))
            warnings.push(`${student}/${name}: ${describeAnswerLeak(leak)}`);
        }
        files.push({ target: path.join(options.outDir, student, name), notebook });
      }
      options.onProgress?.(`${name}: ${options.students.length} handout(s)`);
    }
  } finally {
    await run.close();
  }
  for (const { target, notebook } of files) {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    writeNotebook(target, notebook);
  }
  // Each student's folder has the page the handouts' first cells link to.
  for (const student of options.students) copyGuidePage(path.join(options.outDir, student));
  // What an earlier run handed out stays listed: lessons can be handed out one at a time.
  const manifestFile = path.join(options.outDir, manifestFileName);
  const earlier = fs.existsSync(manifestFile) ? readVariantManifest(manifestFile) : undefined;
  if (earlier !== undefined && earlier.secret !== manifest.secret)
    warnings.push(`${manifestFile} was made with another course secret: it now lists only these lessons`);
  const lessons = earlier?.secret === manifest.secret ? { ...earlier.lessons, ...manifest.lessons } : manifest.lessons;
  fs.writeFileSync(manifestFile, `${JSON.stringify({ ...manifest, lessons }, null, 1)}\n`);
  return { written: files.map((f) => f.target), warnings, manifest: manifestFile };
}
