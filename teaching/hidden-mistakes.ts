/**
 * Mistakes the lessons' printed data cannot show: on them every Relu input
 * is positive, so a Relu left out, or skipped on the way back, changes
 * nothing. Each is written as an edit of the teacher's solution. The grader
 * runs it on the hidden inputs next to the teacher's lesson, and a
 * submission that gives its values there is told which mistake it made.
 *
 * This is the teacher's side: the edits quote the solution, so nothing here
 * goes into a handout.
 */
import type { NotebookEdit } from "./notebook-edits";

export interface HiddenMistake {
  /** What the learner did, in a few words: "no Relu between the layers". */
  name: string;
  /** What the learner is told, Korean first. */
  hint: string;
  edit: NotebookEdit | NotebookEdit[];
}

const noRelu =
  "Relu가 빠졌다: 은닉층의 출력이 Relu를 거치지 않았다 (문제의 데이터는 모두 양수라 Relu가 막을 것이 없다) · " +
  "the Relu is missing: the hidden layer's output did not go through it (the lesson's data are all positive, so there Relu blocks nothing)";

const reluUnused =
  "Relu의 출력을 쓰지 않았다: rout1은 relu.forward(out1)이 돌려준 값이다 · " +
  "the Relu's output was not used: rout1 is what relu.forward(out1) returns";

function skipped(relu: string): string {
  return (
    `역전파가 ${relu}를 건너뛰었다: 순전파에서 막힌 자리는 기울기도 막아야 한다 (${relu}.backward) · ` +
    `backward skipped ${relu}: the gradient must be blocked where forward was (${relu}.backward)`
  );
}

const skippedRelus =
  "역전파가 Relu 계층을 건너뛰었다: Affine만이 아니라 모든 계층의 backward를 거꾸로 부른다 · " +
  "backward skipped the Relu layers: call every layer's backward in reverse, not only the Affines'";

const duplicateKey =
  '두 Relu를 같은 이름("Relu1")으로 넣어 Map에는 Relu 하나만 남았다: 두 번째는 "Relu2"로 넣는다 · ' +
  'both Relus were set under one name ("Relu1"), so the Map kept only one: set the second as "Relu2"';

const staleMask =
  "역전파가 x를 받았다: 지금 relu의 mask는 마지막 순전파(x2)의 것이라, dout인 xForward와 x가 다른 값을 낸다 · " +
  "backward was given x: relu's mask is now the last forward's (x2), so the dout xForward and x give different values";

/** By problem: the mistakes its printed data hide. */
const mistakes: Readonly<Record<string, readonly HiddenMistake[]>> = {
  "215": [
    {
      name: "backward(x) instead of backward(xForward) after the second forward",
      hint: staleMask,
      edit: { find: "const dxAfter = relu.backward(xForward);", replace: "const dxAfter = relu.backward(x);" },
    },
  ],
  "227": [
    {
      name: "the Relu run, its output not used",
      hint: reluUnused,
      edit: {
        find: "const rout1 = relu.forward(out1); // out1에 Relu 적용 · Relu applied to out1",
        replace: "relu.forward(out1);\nconst rout1 = out1;",
      },
    },
  ],
  "228": [
    {
      name: "no Relu between the layers",
      hint: noRelu,
      edit: [
        { find: "const rout1 = relu.forward(out1);", replace: "const rout1 = out1;" },
        { find: "const dout2Relu = relu.backward(dout2);", replace: "const dout2Relu = dout2;" },
      ],
    },
    {
      name: "backward skipping the Relu",
      hint: skipped("relu"),
      edit: { find: "const dout2Relu = relu.backward(dout2);", replace: "const dout2Relu = dout2;" },
    },
  ],
  "229": [
    {
      name: "no Relus between the layers",
      hint: noRelu,
      edit: [
        { find: "const rout1 = relu1.forward(out1);", replace: "const rout1 = out1;" },
        { find: "const rout2 = relu2.forward(out2);", replace: "const rout2 = out2;" },
        { find: "const dout2Relu = relu2.backward(dout3);", replace: "const dout2Relu = dout3;" },
        { find: "const dout1Relu = relu1.backward(dout2);", replace: "const dout1Relu = dout2;" },
      ],
    },
    {
      name: "backward skipping Relu2",
      hint: skipped("relu2"),
      edit: { find: "const dout2Relu = relu2.backward(dout3);", replace: "const dout2Relu = dout3;" },
    },
  ],
  "234": [
    {
      name: "backward skipping Relu2",
      hint: skipped("relu2"),
      edit: { find: "const dout2Relu = relu2.backward(dout3);", replace: "const dout2Relu = dout3;" },
    },
    {
      name: "backward skipping Relu1",
      hint: skipped("relu1"),
      edit: { find: "const dout1Relu = relu1.backward(dout2);", replace: "const dout1Relu = dout2;" },
    },
  ],
  "235": [
    {
      name: "the course notes' duplicate key: the second Relu set under Relu1's name",
      hint: duplicateKey,
      edit: { find: 'layers.set("Relu2", new Relu());', replace: 'layers.set("Relu1", new Relu());' },
    },
  ],
  "236": [
    {
      name: "backward through the Affine layers only, skipping the Relus",
      hint: skippedRelus,
      edit: { find: "dout = layer.backward(dout);", replace: "if (!(layer instanceof Relu)) dout = layer.backward(dout);" },
    },
  ],
};

/** The mistakes lesson `problem`'s printed data hide (none for most lessons). */
export function hiddenMistakesOf(problem: string): readonly HiddenMistake[] {
  return mistakes[problem] ?? [];
}

/** The problems with hidden mistakes. */
export function problemsWithHiddenMistakes(): string[] {
  return Object.keys(mistakes);
}
