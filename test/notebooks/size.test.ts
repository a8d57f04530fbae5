// Every committed lesson stays small enough for a code host to show it:
// under 2 MB (2,000,000 bytes, less than the 2 MiB of `find -size +2M`).
import { expect } from "chai";
import { statSync } from "node:fs";
import * as path from "node:path";
import { lessonNotebooks } from "../support/lessons";

const limitBytes = 2_000_000;

describe("lessons: small enough for a code host", () => {
  for (const file of lessonNotebooks()) {
    it(`${path.basename(file)} is under 2 MB`, () => {
      const size = statSync(file).size;
      expect(size, `${path.basename(file)} is ${(size / 1e6).toFixed(1)} MB; a plot that embeds plotly.js?`).to.be.at.most(
        limitBytes,
      );
    });
  }
});
