/**
 * The rules of CONTRIBUTING.md that a program can check, for one lesson. The
 * anatomy test runs it on every lesson; the grader relies on the same rules.
 */
import type { AnswerKey } from "dlfs/answer-key";
import { cellTags, isJsonObject, messageOf, type Notebook } from "../jupyter-client";
import { findCheckCall, isOnlyCheckCall } from "./grader/check-call";
import {
  drawHiddenInputs,
  type HiddenSpec,
  hiddenSpecOf,
  inputsCells,
  inputsTag,
  lessonSeed,
  withHiddenInputs,
} from "./hidden-inputs";
import { lessonLimits, problemInMetadata } from "./lessons";
import { checkTag, hasSolutionRegion, solutionTag } from "./solution-regions";
import { lessonQuickMode, quickVersion } from "./quick-mode";
import { studentVersion } from "./student-version";

const lessonFileName = /^(\d{3})_[a-z0-9_]+\.ipynb$/;

/** The run seed the anatomy draws hidden inputs with: any seed finds the same names. */
const anatomySeed = 1;

/**
 * The hidden-input rules: a lesson declares them (metadata.dlfs.hidden), tags
 * the cells that set its data `inputs`, before its check, and every name and
 * call it declares is found there, in its own copy and in the student version
 * (the data are code the lesson gives, not a solution).
 */
function hiddenInputsProblems(notebook: Notebook, number: string, fileName: string): string[] {
  let spec: HiddenSpec | undefined;
  try {
    spec = hiddenSpecOf(notebook);
  } catch (error) {
    return [messageOf(error)];
  }
  const tagged = inputsCells(notebook);
  if (spec === undefined)
    return [
      `metadata.dlfs.hidden is missing: say what the grader draws in place of the data of the cells tagged "${inputsTag}" (CONTRIBUTING.md, "Hidden inputs")`,
    ];
  if (tagged.length === 0)
    return [`metadata.dlfs.hidden is declared, but no code cell is tagged "${inputsTag}" (the cells that set the lesson's data)`];
  const problems: string[] = [];
  const check = notebook.cells.findIndex((cell) => cell.cell_type === "code" && cellTags(cell).includes(checkTag));
  if (check !== -1 && tagged.some((index) => index > check))
    problems.push(`the cells tagged "${inputsTag}" must come before the check cell`);
  try {
    const inputs = drawHiddenInputs(spec, lessonSeed(anatomySeed, number));
    withHiddenInputs(notebook, spec, inputs);
    try {
      withHiddenInputs(studentVersion(notebook, fileName), spec, inputs);
    } catch (error) {
      problems.push(`hidden inputs in the student version: ${messageOf(error)} (declare the data outside solution regions)`);
    }
  } catch (error) {
    problems.push(`hidden inputs: ${messageOf(error)}`);
  }
  return problems;
}

/** Every rule `notebook` (saved as `fileName`) breaks, one sentence each; empty when it follows them all. */
export function lessonAnatomyProblems(notebook: Notebook, fileName: string, key: AnswerKey): string[] {
  const problems: string[] = [];
  const number = lessonFileName.exec(fileName)?.[1];
  if (number === undefined) {
    problems.push(`the file name must be NNN_short_name.ipynb (lower case, digits and _), not ${fileName}`);
    return problems;
  }
  if (problemInMetadata(notebook) !== number) problems.push(`metadata.dlfs.problem must be "${number}"`);
  const kernelspec = notebook.metadata.kernelspec;
  const kernelName = isJsonObject(kernelspec) ? kernelspec.name : undefined;
  if (kernelName !== "tslab") problems.push(`the kernel must be tslab's (metadata.kernelspec.name "tslab")`);
  try {
    lessonLimits(notebook, fileName);
  } catch (error) {
    problems.push(messageOf(error));
  }

  const [first] = notebook.cells;
  const title = `# 문제 ${number} · Problem ${number} — `;
  if (first?.cell_type !== "markdown" || !first.source.startsWith(title)) {
    problems.push(`the first cell must be markdown starting with "${title}" and the title`);
  }

  const code = notebook.cells.filter((cell) => cell.cell_type === "code");
  if (!code.some((cell) => cellTags(cell).includes(solutionTag) || hasSolutionRegion(cell.source))) {
    problems.push(
      "no solution is marked (// BEGIN SOLUTION … // END SOLUTION, or a cell tagged solution): the student version would give the answers away",
    );
  }

  const checkCells = code.filter((cell) => cellTags(cell).includes(checkTag));
  if (checkCells.length !== 1) {
    problems.push(`exactly one code cell must be tagged "${checkTag}", found ${checkCells.length}`);
  } else {
    const [cell] = checkCells;
    const call = findCheckCall(cell.source);
    if (!isOnlyCheckCall(cell.source) || call === undefined) {
      problems.push(`the cell tagged "${checkTag}" must hold one call, check("${number}", { ... }), and nothing else`);
    } else if (call.problem !== number) {
      problems.push(`the check cell checks problem ${call.problem}, not ${number}`);
    } else {
      const keyNames = (key[number]?.items ?? []).map((item) => item.name);
      const checked = call.answers.map((answer) => answer.name);
      if (keyNames.length === 0) problems.push(`the answer key has no problem ${number} (lib/reference/make_answer_key.py)`);
      const unknown = checked.filter((name) => !keyNames.includes(name));
      const unchecked = keyNames.filter((name) => !checked.includes(name));
      if (unknown.length > 0)
        problems.push(`the check cell names ${unknown.join(", ")}, which the answer key of ${number} does not have`);
      if (keyNames.length > 0 && unchecked.length > 0)
        problems.push(`the check cell leaves out ${unchecked.join(", ")} of the answer key`);
      try {
        const quick = lessonQuickMode(notebook, fileName);
        if (quick !== undefined) {
          quickVersion(notebook, quick, fileName);
          const strange = quick.unchecked.filter((name) => !checked.includes(name));
          if (strange.length > 0)
            problems.push(`metadata.dlfs.quick leaves unchecked ${strange.join(", ")}, which the check does not name`);
        }
      } catch (error) {
        problems.push(messageOf(error));
      }
    }
  }
  const strayChecks = code.filter((cell) => !cellTags(cell).includes(checkTag) && isOnlyCheckCall(cell.source));
  if (strayChecks.length > 0)
    problems.push(`only the cell tagged "${checkTag}" may be a check(...) call; tag it, or remove the others`);
  problems.push(...hiddenInputsProblems(notebook, number, fileName));
  return problems;
}
