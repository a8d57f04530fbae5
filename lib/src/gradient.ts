// Numerical differentiation (chapter 4), used here to check backpropagation.
import { NDArray } from "./ndarray";

/**
 * The gradient of f at x by central differences, (f(x+h) - f(x-h)) / 2h, one
 * element at a time. Each element is restored afterwards, so x is unchanged;
 * f usually ignores its argument and reads the same array through a network.
 */
export function numericalGradient(f: (x: NDArray) => number, x: NDArray, h = 1e-4): NDArray {
  const grad = new Float64Array(x.size);
  const values = x.data;
  for (let i = 0; i < values.length; i++) {
    const saved = values[i];
    values[i] = saved + h;
    const fPlus = f(x);
    values[i] = saved - h;
    const fMinus = f(x);
    values[i] = saved;
    grad[i] = (fPlus - fMinus) / (2 * h);
  }
  return new NDArray(grad, x.shape, "float64");
}

export type Gradients = Record<string, NDArray>;

/** Anything that gives its parameter gradients both ways, as the book's networks do. */
export interface GradientSource {
  numericalGradient(x: NDArray, t: NDArray): Gradients;
  gradient(x: NDArray, t: NDArray): Gradients;
}

/**
 * The book's gradient_check.py: for each parameter, the mean absolute
 * difference between the numerical and the backpropagated gradient.
 */
export function gradientCheck(net: GradientSource, x: NDArray, t: NDArray): Record<string, number> {
  const numerical = net.numericalGradient(x, t);
  const backprop = net.gradient(x, t);
  const diff: Record<string, number> = {};
  for (const key of Object.keys(numerical)) {
    if (!backprop[key]) throw new Error(`gradientCheck: the backprop gradients have no entry "${key}"`);
    diff[key] = backprop[key].sub(numerical[key]).abs().mean();
  }
  return diff;
}
