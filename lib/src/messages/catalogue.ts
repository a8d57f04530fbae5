// Every message a learner reads from the library, in each language: the
// check report, its hints, the training's progress line and the plots'
// labels. English is the template; the Korean must have every message
// (the type says so), in the lessons' register (한다체). The answer key's
// own texts (titles, the hints of known mistakes) are in the key, in both
// languages (lib/reference/make_answer_key.py).
import type { Language } from "./language";

const en = {
  // check()'s report
  headline: (problem: string, title: string, score: number, total: number) =>
    `Problem ${problem} (${title}): ${score}/${total} correct`,
  allCorrect: "all correct, well done!",
  toFix: (count: number) => `${count} to fix`,
  columns: { answer: "answer", result: "result", expected: "expected", given: "given", hint: "hint" },
  correct: "correct",
  wrong: "wrong",
  missing: "missing",
  notGiven: "not given",
  expectedGot: (name: string, expected: string, given: string, why: string) =>
    `${name}: expected ${expected}, got ${given} — ${why}`,
  got: (name: string, given: string, why: string) => `${name}: got ${given} — ${why}`,
  notGivenLine: (name: string, hint: string) => `${name}: not given — ${hint}`,
  addIt: (problem: string, name: string) => `add it: check("${problem}", { ${name}, … })`,
  // What a value is not
  raggedList: "the nested lists have rows of different lengths",
  mixedList: "the list mixes booleans and numbers",
  nullValue:
    "null: what a layer keeps (its inputs x and y, its mask, dW) stays null until its forward or backward has run: call the layer",
  notANumber: (type: string) => `a ${type} is not a number or an array`,
  // What a wrong value says
  nan: "the value is NaN: something divided 0 by 0 or took the log of a negative number",
  infinite: "the value is infinite: something divided by 0, or exp() overflowed",
  wrongDtype: (want: string, got: string) => `NumPy's answer is a ${want} array, this one is ${got}`,
  makeItFloat: ` (make it a float array: array(..., "float64"))`,
  wantBooleans: "expected true/false values (a boolean mask, as x.le(0) gives), got numbers",
  wantNumbers: "expected numbers, got true/false values",
  transposed: "the shape is transposed: check the order of the dot product or a missing .T",
  wrongShape: (want: string, got: string) => `expected shape ${want}, got ${got}`,
  signReversed: "the sign is reversed: every value is minus the expected one",
  timesExpected: (factor: string) => `${factor} times the expected one`,
  fractionOfExpected: (denominator: number) => `1/${denominator} of the expected one`,
  scaled: (factorWords: string) => `every value is ${factorWords}: a factor is missing or extra (a division by the batch size?)`,
  maskForgotten: "right except where the answer is 0: looks like you forgot the mask",
  differsAt: (index: number | undefined, expected: string, given: string) =>
    `differs${index === undefined ? "" : ` at flat index ${index}`}: expected ${expected}, got ${given}`,
  notYetTheAnswer: "not the answer yet, nor the value of a known mistake",
  // Bounds (accuracies to reach, differences to stay under)
  atLeast: (bound: string) => `at least ${bound}`,
  atMost: (bound: string) => `at most ${bound}`,
  oneFiniteNumber: "give one finite number",
  trainLonger: "train longer or check the update step",
  // Mistakes in calling check()
  noSuchAnswer: (problem: string, unknown: string, known: string) =>
    `problem ${problem} has no answer named ${unknown}; its answers are ${known}`,
  noSuchProblem: (problem: string, problems: string) =>
    `there is no answer key for problem ${problem}; the problems are ${problems}`,
  // A training's progress line
  progress: (iteration: number, iters: number, loss: string) => `iteration ${iteration}/${iters}, loss ${loss}`,
  accuracies: (train: string, test: string) => `train acc ${train}, test acc ${test}`,
  seconds: (seconds: string) => `${seconds} s`,
  trained: (iterations: number, seconds: string) => `${iterations} iterations in ${seconds} s`,
  stoppedAt: (iteration: number, iters: number) => `stopped at iteration ${iteration}/${iters}`,
  interrupted: (iteration: number, iters: number) =>
    `train: interrupted after iteration ${iteration} of ${iters}; the network keeps the weights it had then`,
  // A layer used out of order
  forwardFirst: (layer: string, call: string) => `${layer}.backward: call ${call} first`,
  notItsGradient: (layer: string, dout: string, input: string) =>
    `${layer}.backward: dout has shape ${dout}, but this ${layer}'s forward input had shape ${input}: ` +
    `give each ${layer} the gradient of its own output (one object per layer; backward visits the layers in the reverse order of forward)`,
  affineInput: (input: string, weights: string, values: number) =>
    `Affine.forward: input of shape ${input} does not fit W of shape ${weights}: the input's last axis must have ${values} values`,
  scoresNotFinite:
    "SoftmaxWithLoss.forward: the scores contain NaN or infinity (a learning rate that is too large makes the weights blow up)",
  iterationFailed: (iteration: number, learningRate: number, why: string) =>
    `train: iteration ${iteration} (learningRate ${learningRate}): ${why}`,
  lossBlewUp: (loss: number, iteration: number, learningRate: number) =>
    `train: the loss became ${loss} at iteration ${iteration}; the weights blew up: try a smaller learningRate (now ${learningRate})`,
  // The training history's plot
  historyTitle: "Training history",
  epochs: "epochs",
  iterations: "iterations",
  accuracy: "accuracy",
  loss: "loss",
  trainAccuracy: "train acc",
  testAccuracy: "test acc",
  epochPoint: "epoch",
  iterationPoint: "iteration",
  accuracyPerEpoch: "Accuracy per epoch",
  lossPerIteration: "Loss per iteration",
  lossMeanOf: (size: number) => `Loss (mean of every ${size} iterations)`,
  lossMeans: "Loss (means of blocks of iterations)",
  // What a text-only viewer shows of a plot or a table
  historySummaryTitle: (title: string) => `${title} (plot: accuracy per epoch, loss per iteration)`,
  historySummaryRun: (label: string, evaluations: number, iterations: number, train: string, test: string) =>
    `${label}: ${evaluations} evaluations, ${iterations} iterations, final train acc ${train}, test acc ${test}`,
  unnamedRun: "run",
  figureSummary: (title: string, names: string) => `${title} (plotly figure: ${names})`,
  plot: "Plot",
  trace: (index: number) => `trace ${index}`,
  firstRows: (shown: number, rows: number) => `(first ${shown} of ${rows} rows)`,
};

/** Every message, as the English has it. */
export type Messages = typeof en;

const ko: Messages = {
  headline: (problem, title, score, total) => `문제 ${problem} (${title}): ${score}/${total} 정답`,
  allCorrect: "모두 맞았다!",
  toFix: (count) => `고칠 답 ${count}개`,
  columns: { answer: "답", result: "결과", expected: "정답", given: "낸 값", hint: "힌트" },
  correct: "맞음",
  wrong: "틀림",
  missing: "없음",
  notGiven: "내지 않음",
  expectedGot: (name, expected, given, why) => `${name}: 정답 ${expected}, 낸 값 ${given} — ${why}`,
  got: (name, given, why) => `${name}: 낸 값 ${given} — ${why}`,
  notGivenLine: (name, hint) => `${name}: 내지 않음 — ${hint}`,
  addIt: (problem, name) => `check("${problem}", { ${name}, … })에 넣는다`,
  raggedList: "중첩된 리스트의 행 길이가 서로 다르다",
  mixedList: "리스트에 불리언과 숫자가 섞여 있다",
  nullValue:
    "null: 계층이 기억하는 값(입력 x와 y, mask, dW)은 forward나 backward를 실행하기 전까지 null이다. 계층을 호출해야 한다",
  notANumber: (type) => `${type} 값은 숫자도 배열도 아니다`,
  nan: "값이 NaN이다: 어딘가에서 0을 0으로 나눴거나 음수의 로그를 구했다",
  infinite: "값이 무한대다: 어딘가에서 0으로 나눴거나 exp()가 넘쳤다",
  wrongDtype: (want, got) => `NumPy의 답은 ${want} 배열인데 이 값은 ${got}이다`,
  makeItFloat: ` (실수 배열로 만든다: array(..., "float64"))`,
  wantBooleans: "true/false 값(x.le(0)이 주는 불리언 마스크)이어야 하는데 숫자다",
  wantNumbers: "숫자여야 하는데 true/false 값이다",
  transposed: "형상이 전치되어 있다: 행렬 곱의 순서나 빠진 .T를 확인한다",
  wrongShape: (want, got) => `형상이 ${want}이어야 하는데 ${got}이다`,
  signReversed: "부호가 반대다: 모든 값이 정답에 -1을 곱한 값이다",
  timesExpected: (factor) => `정답의 ${factor}배`,
  fractionOfExpected: (denominator) => `정답의 1/${denominator}`,
  scaled: (factorWords) => `모든 값이 ${factorWords}다: 곱하거나 나누는 수가 빠졌거나 더 들어갔다(배치 크기로 나누기?)`,
  maskForgotten: "정답이 0인 곳만 빼고 맞다: 마스크를 빠뜨린 것 같다",
  differsAt: (index, expected, given) =>
    `${index === undefined ? "" : `평탄화한 인덱스 ${index}에서 `}다르다: 정답 ${expected}, 낸 값 ${given}`,
  notYetTheAnswer: "아직 답이 아니다. 알려진 실수의 값도 아니다",
  atLeast: (bound) => `${bound} 이상`,
  atMost: (bound) => `${bound} 이하`,
  oneFiniteNumber: "유한한 숫자 하나를 낸다",
  trainLonger: "더 오래 학습하거나 갱신 단계를 확인한다",
  noSuchAnswer: (problem, unknown, known) => `문제 ${problem}에는 ${unknown}(이)라는 답이 없다. 답의 이름은 ${known}이다`,
  noSuchProblem: (problem, problems) => `문제 ${problem}의 답안 키가 없다. 문제는 ${problems}이다`,
  progress: (iteration, iters, loss) => `반복 ${iteration}/${iters}, 손실 ${loss}`,
  accuracies: (train, test) => `훈련 정확도 ${train}, 시험 정확도 ${test}`,
  seconds: (seconds) => `${seconds}초`,
  trained: (iterations, seconds) => `${iterations}회 반복, ${seconds}초`,
  stoppedAt: (iteration, iters) => `반복 ${iteration}/${iters}에서 멈췄다`,
  interrupted: (iteration, iters) => `train: 반복 ${iteration}/${iters}에서 중단했다. 신경망은 그때의 가중치를 그대로 가진다`,
  forwardFirst: (layer, call) => `${layer}.backward: ${call}부터 호출해야 한다`,
  notItsGradient: (layer, dout, input) =>
    `${layer}.backward: dout의 형상은 ${dout}인데 이 ${layer}의 순전파 입력은 형상이 ${input}였다. ` +
    `${layer}마다 자기 출력의 기울기를 준다(계층마다 객체 하나, 역전파는 순전파의 반대 순서로 계층을 지난다)`,
  affineInput: (input, weights, values) =>
    `Affine.forward: 형상 ${input}의 입력은 형상 ${weights}의 W와 맞지 않는다. 입력의 마지막 축에 값이 ${values}개 있어야 한다`,
  scoresNotFinite: "SoftmaxWithLoss.forward: 점수에 NaN이나 무한대가 있다(학습률이 너무 크면 가중치가 발산한다)",
  iterationFailed: (iteration, learningRate, why) => `train: 반복 ${iteration} (learningRate ${learningRate}): ${why}`,
  lossBlewUp: (loss, iteration, learningRate) =>
    `train: 반복 ${iteration}에서 손실이 ${loss}가 되었다. 가중치가 발산했다: learningRate를 줄인다 (지금 ${learningRate})`,
  historyTitle: "학습 기록",
  epochs: "에폭",
  iterations: "반복",
  accuracy: "정확도",
  loss: "손실",
  trainAccuracy: "훈련 정확도",
  testAccuracy: "시험 정확도",
  epochPoint: "에폭",
  iterationPoint: "반복",
  accuracyPerEpoch: "에폭마다의 정확도",
  lossPerIteration: "반복마다의 손실",
  lossMeanOf: (size) => `손실 (${size}회 반복씩의 평균)`,
  lossMeans: "손실 (반복 구간의 평균)",
  historySummaryTitle: (title) => `${title} (그래프: 에폭마다의 정확도, 반복마다의 손실)`,
  historySummaryRun: (label, evaluations, iterations, train, test) =>
    `${label}: 평가 ${evaluations}회, 반복 ${iterations}회, 마지막 훈련 정확도 ${train}, 시험 정확도 ${test}`,
  unnamedRun: "학습",
  figureSummary: (title, names) => `${title} (plotly 그래프: ${names})`,
  plot: "그래프",
  trace: (index) => `곡선 ${index}`,
  firstRows: (shown, rows) => `(${rows}행 중 처음 ${shown}행)`,
};

const catalogue: Readonly<Record<Language, Messages>> = { en, ko };

/** The messages in `language`. */
export function messagesIn(language: Language): Messages {
  return catalogue[language];
}

/** Both catalogues, for the test that keeps them complete. */
export function allMessages(): Readonly<Record<Language, Messages>> {
  return catalogue;
}
