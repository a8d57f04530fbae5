// displayBundle inside and outside a tslab kernel. "Inside" is simulated the
// way tslab itself does it before running a cell: by setting
// lastWriteDisplayData on the installed tslab/dist/jupyter.js.
import { expect } from "chai";
import { captureDisplays, currentHost, displayBundle, newDisplayId } from "dlfs/internal";
import { stdoutOf } from "../../support/stdout";

interface Sent {
  content: { data: Record<string, unknown>; metadata: Record<string, unknown>; transient?: { display_id: string } };
  update: boolean;
}

interface TslabJupyter {
  lastWriteDisplayData: ((content: Sent["content"], update: boolean) => void) | null;
}

describe("display: displayBundle", () => {
  describe("outside a kernel", () => {
    it("prints the text/plain part to stdout", () => {
      expect(currentHost().kind).to.equal("terminal");
      const printed = stdoutOf(() => displayBundle({ "text/plain": "hello", "text/html": "<b>hello</b>" }));
      expect(printed).to.equal("hello\n");
    });

    it("names the MIME types when there is no text/plain", () => {
      const printed = stdoutOf(() => displayBundle({ "image/png": "AAAA" }));
      expect(printed).to.include("image/png");
    });

    it("hands outputs to captureDisplays instead, and restores the previous target", () => {
      const id = newDisplayId();
      const { result, displays } = captureDisplays(() => {
        displayBundle({ "text/plain": "a" }, { displayId: id });
        displayBundle({ "text/plain": "b" }, { displayId: id, update: true });
        return currentHost();
      });
      expect(result.kind).to.equal("notebook");
      expect(currentHost().kind).to.equal("terminal");
      expect(displays).to.deep.equal([
        { data: { "text/plain": "a" }, metadata: {}, transient: { display_id: id }, update: false },
        { data: { "text/plain": "b" }, metadata: {}, transient: { display_id: id }, update: true },
      ]);
    });

    it("refuses an update without a display id", () => {
      expect(() => displayBundle({ "text/plain": "x" }, { update: true })).to.throw(/displayId/);
    });
  });

  describe("inside a tslab kernel", function () {
    // Loading tslab's jupyter module brings its TypeScript compiler: slow on a busy machine.
    this.timeout(30_000);
    let jupyter: TslabJupyter;
    let sent: Sent[];

    before(() => {
      jupyter = require("tslab/dist/jupyter") as TslabJupyter;
    });
    beforeEach(() => {
      sent = [];
      jupyter.lastWriteDisplayData = (content, update) => sent.push({ content, update });
    });
    afterEach(() => {
      jupyter.lastWriteDisplayData = null;
    });

    it("is detected only while tslab has a cell's writer", () => {
      expect(currentHost().kind).to.equal("notebook");
      jupyter.lastWriteDisplayData = null;
      expect(currentHost().kind).to.equal("terminal");
    });

    it("sends all MIME types in one display_data message", () => {
      const data = { "text/plain": "t", "text/html": "<i>t</i>", "application/vnd.plotly.v1+json": { data: [] } };
      const printed = stdoutOf(() => displayBundle(data));
      expect(printed).to.equal("");
      expect(sent).to.deep.equal([{ content: { data, metadata: {} }, update: false }]);
    });

    it("sends update_display_data for the same display_id", () => {
      displayBundle({ "text/plain": "1%" }, { displayId: "p1" });
      displayBundle({ "text/plain": "100%" }, { displayId: "p1", update: true });
      expect(sent).to.deep.equal([
        { content: { data: { "text/plain": "1%" }, metadata: {}, transient: { display_id: "p1" } }, update: false },
        { content: { data: { "text/plain": "100%" }, metadata: {}, transient: { display_id: "p1" } }, update: true },
      ]);
    });
  });
});
