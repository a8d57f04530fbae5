// dlfs: chapter 5 of Deep Learning from Scratch in TypeScript.
//   import { Affine, Relu, SoftmaxWithLoss, array, random } from "dlfs";
// Everything a lesson or a learner uses, listed by name. Tools that need more
// import "dlfs/answer-key" (the grader) or "dlfs/internal" (tests, the site).

// Arrays, NumPy's way (ndarray.ts)
export { NDArray, allclose, arange, argmax, array, dot, exp, full, log, maximum, ones, sum, zeros, zerosLike } from "./ndarray";
export type { DType, Nested, Operand } from "./ndarray";
export { shapeText } from "./util";

// Random numbers, bit for bit NumPy's np.random (random.ts)
export { RandomState, random } from "./random";
export type { MT19937State, SampleSize, Weights } from "./random";

// The book's functions, layers and networks
export { crossEntropyError, relu, sigmoid, softmax } from "./functions";
export { AddLayer, Affine, MulLayer, Relu, Sigmoid, SoftmaxWithLoss } from "./layers";
export { gradientCheck, numericalGradient } from "./gradient";
export type { GradientSource, Gradients } from "./gradient";
export { MultiLayerNet, ThreeLayerNet, TwoLayerNet } from "./nets";
export type { ActivationClass, Layer, NetOptions } from "./nets";

// MNIST and training
export { loadMnist } from "./mnist";
export type { Mnist, MnistOptions } from "./mnist";
export { train, trainSync } from "./train";
export type { TrainData, TrainOptions, TrainableNet } from "./train";
export type { TrainHistory, TrainProgress, TrainReporter } from "./history";

// Self-check
// (no key: a handout's check() shows no expected value, and nothing here hands one out)
export { check, checkReport } from "./check";
export type { CheckOutcome, CheckReport } from "./answer-key/compare";
export { setLanguage } from "./messages/language";
export type { Language } from "./messages/language";

// Pictures, plots and tables in a notebook
export { ComputationalGraph } from "./graph";
export type { DrawOptions, GraphEdge, GraphNode, GraphValue, LayeredNetwork, NodeKind, TrackableLayer } from "./graph";
export { plotHistory, showPlot } from "./display/plot";
export type { ShowPlotOptions } from "./display/plot";
export type { HistoryFigureOptions } from "./display/history-figure";
export type { PlotlyFigure } from "./display/figure";
export { historyFrame, showTable, summaryFrame } from "./display/table";
export type { ShowTableOptions, TableRow } from "./display/table";
export { progressLine } from "./display/progress";
export type { ProgressLine } from "./display/progress";
