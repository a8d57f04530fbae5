// The site's copies of the lessons (jupyterlite/lesson-for-site.ts): every
// text one string, so JupyterLab shows it as Jupyter does (a list of lines
// shows with a comma before every line after the first), and nothing else
// changed but the HTML copies of plots.
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { lessonForSite } from "../../jupyterlite/lesson-for-site";
import { lessonNotebooks } from "../support/lessons";

type Multiline = string | string[];
interface Output {
  output_type: string;
  text?: Multiline;
  data?: Record<string, unknown>;
}
interface Cell {
  source: Multiline;
  outputs?: Output[];
}

const text = (value: Multiline): string => (Array.isArray(value) ? value.join("") : value);

describe("the lessons as the site serves them", () => {
  for (const file of lessonNotebooks()) {
    const name = path.basename(file);
    it(`${name}: every source and output text is one string with the notebook's text`, () => {
      const original = JSON.parse(fs.readFileSync(file, "utf8")) as { cells: Cell[] };
      const site = JSON.parse(lessonForSite(fs.readFileSync(file, "utf8"))) as { cells: Cell[] };
      expect(site.cells).to.have.length(original.cells.length);
      site.cells.forEach((cell, c) => {
        const before = original.cells[c];
        expect(cell.source, `cell ${c + 1}'s source`)
          .to.be.a("string")
          .and.equal(text(before.source));
        (cell.outputs ?? []).forEach((output, o) => {
          const where = `cell ${c + 1}, output ${o + 1}`;
          const was = before.outputs![o];
          if (was.text !== undefined) expect(output.text, where).to.be.a("string").and.equal(text(was.text));
          for (const [mime, value] of Object.entries(output.data ?? {})) {
            if (mime.endsWith("json")) expect(value, `${where}, ${mime}`).to.deep.equal(was.data![mime]);
            else
              expect(value, `${where}, ${mime}`)
                .to.be.a("string")
                .and.equal(text(was.data![mime] as Multiline));
          }
          const dropped = Object.keys(was.data ?? {}).filter((mime) => !(mime in (output.data ?? {})));
          const plot = was.data?.["application/vnd.plotly.v1+json"] !== undefined;
          expect(dropped, `${where}: what the site leaves out`).to.deep.equal(
            plot && "text/html" in was.data! ? ["text/html"] : [],
          );
        });
      });
    });
  }

  it("joins a list of lines without commas", () => {
    const notebook = {
      cells: [
        {
          cell_type: "code",
          source: ["a\n", "b"],
          outputs: [{ output_type: "stream", name: "stdout", text: ["[1 6 3]\n", "[1 2 3]\n"] }],
        },
      ],
    };
    const site = JSON.parse(lessonForSite(JSON.stringify(notebook))) as { cells: Cell[] };
    expect(site.cells[0].source).to.equal("a\nb");
    expect(site.cells[0].outputs![0].text).to.equal("[1 6 3]\n[1 2 3]\n");
  });
});
