// Lesson 224, the shapes of dot products: which product is transposed, and the inner dimensions.
import type { Mistake } from "../support/mistakes";

export const mistakes: Mistake[] = [
  {
    name: "the second product not transposed",
    edit: { find: "const cdTShape = dot(c, d).T.shape;", replace: "const cdTShape = dot(c, d).shape;" },
    failing: ["cdTShape"],
    hint: /transpose the product: dot\(c, d\) is 4×2/,
  },
  {
    name: "the first product transposed too",
    edit: { find: "const abShape = dot(a, b).shape;", replace: "const abShape = dot(a, b).T.shape;" },
    failing: ["abShape"],
    hint: /only the second product is transposed/,
  },
  {
    name: "the transposes multiplied in the same order",
    edit: { find: "const cdTShape = dot(c, d).T.shape;", replace: "const cdTShape = dot(c.T, d.T).shape;" },
    failing: ["cdTShape"],
    hint: /shapes \(3,4\) and \(2,3\) not aligned/,
  },
  {
    name: "the shape typed in: [2, 4]",
    edit: { find: "const abShape = dot(a, b).shape;", replace: "const abShape = [2, 4];" },
    failing: ["abShape"],
    hint: /stays the same when the inputs change/,
  },
];
