// dlfs: chapter 5 of Deep Learning from Scratch in TypeScript.
// import { Affine, Relu, SoftmaxWithLoss, array, random } from "dlfs";
export * from "./ndarray";
export { arrayRepr, arrayToString, pyFloatRepr } from "./format";
export * from "./random";
export * from "./functions";
export * from "./layers";
export * from "./gradient";
export * from "./nets";
export * from "./mnist";
export * from "./train";
export * from "./check";
export type { TrainHistory } from "./history";
export * from "./display";
export * from "./graph";
