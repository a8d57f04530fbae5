// Lesson 220, Affine forward with seeded random numbers: the order and the shapes of the draws.
import type { Mistake } from "../support/mistakes";

export const mistakes: Mistake[] = [
  {
    name: "W drawn before x",
    edit: {
      find: "const x = random.randn(2);    // 입력값 · input\nconst W = random.randn(2, 3); // 가중치 · weights",
      replace: "const W = random.randn(2, 3); // 가중치 · weights\nconst x = random.randn(2);    // 입력값 · input",
    },
    failing: ["x", "W", "out"],
    hint: /draw in the notes' order, x, then W, then b/,
  },
  {
    name: "W drawn 3 by 2",
    edit: { find: "const W = random.randn(2, 3);", replace: "const W = random.randn(3, 2);" },
    failing: ["W", "out"],
    hint: /W has 2 rows and 3 columns/,
  },
];
