// The learner's language: every message in Korean and in English, the key's
// texts in both, and the language chosen by the lesson, DLFS_LANG or
// setLanguage, in that order of precedence (the learner's choice first).
import { expect } from "chai";
import { array, checkReport, setLanguage, type TrainHistory } from "dlfs";
import { answerKey, checkHeadlineOf, checkHeadlinePattern, compareWithKey } from "dlfs/answer-key";
import { allMessages, historyFigure, languageFor, type Messages } from "dlfs/internal";

const hangul = /[\uac00-\ud7a3]/;

/** A message as text: a function is called with sample arguments of the types it takes. */
function samples(messages: Messages): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const [name, message] of Object.entries(messages)) {
    if (typeof message === "string") texts[name] = message;
    else if (typeof message === "function") {
      const args = Array.from({ length: message.length }, (_, i) => (i % 2 === 0 ? "7" : 3));
      texts[name] = (message as (...args: unknown[]) => string)(...args);
    } else for (const [inner, text] of Object.entries(message as Record<string, string>)) texts[`${name}.${inner}`] = text;
  }
  return texts;
}

describe("messages: the catalogue", () => {
  const { ko, en } = allMessages();

  it("has every message in both languages, none empty, the Korean in Korean", () => {
    const korean = samples(ko);
    const english = samples(en);
    expect(Object.keys(korean)).to.deep.equal(Object.keys(english));
    for (const [name, text] of Object.entries(english)) {
      expect(text.trim(), `en ${name}`).to.not.equal("");
      expect(text, `en ${name}`).to.not.match(hangul).and.not.include("undefined");
      expect(korean[name], `ko ${name}`).to.match(hangul, `ko ${name} is not Korean: ${korean[name]}`);
      expect(korean[name], `ko ${name}`).to.not.include("undefined");
    }
  });

  it("writes Korean in the lessons' register (한다체), never polite endings", () => {
    for (const [name, text] of Object.entries(samples(ko))) expect(text, name).to.not.match(/(습니다|세요|해요|이에요|예요)/);
  });

  it("has a Korean text for every title, hint and note of the answer key, and the lesson's language", () => {
    const missing: string[] = [];
    for (const [problem, entry] of Object.entries(answerKey)) {
      if (entry.lang !== "ko") missing.push(`${problem}: lang`);
      // A title that is a formula (Y = X·W + B) is the same in Korean.
      const words = /[a-z]{3,}/.test(entry.title);
      if (entry.titleKo === undefined || (words && !hangul.test(entry.titleKo))) missing.push(`${problem}: titleKo`);
      if (entry.note !== undefined && !hangul.test(entry.noteKo ?? "")) missing.push(`${problem}: noteKo`);
      for (const item of entry.items) {
        if (item.boundHint !== undefined && !hangul.test(item.boundHintKo ?? ""))
          missing.push(`${problem} ${item.name}: boundHintKo`);
        for (const known of [...(item.mistakes ?? []), ...(item.accepted ?? [])])
          if (!hangul.test(known.ko ?? "")) missing.push(`${problem} ${item.name}: ko of "${known.text}"`);
      }
    }
    expect(missing).to.deep.equal([]);
  });
});

describe("messages: which language", () => {
  const saved = process.env.DLFS_LANG;
  afterEach(() => {
    setLanguage(undefined);
    if (saved === undefined) delete process.env.DLFS_LANG;
    else process.env.DLFS_LANG = saved;
  });

  it("is the lesson's, unless DLFS_LANG or setLanguage says otherwise (setLanguage first)", () => {
    delete process.env.DLFS_LANG;
    expect(languageFor("ko")).to.equal("ko");
    expect(languageFor(undefined)).to.equal("en");
    process.env.DLFS_LANG = "en";
    expect(languageFor("ko")).to.equal("en");
    process.env.DLFS_LANG = "ko_KR.UTF-8";
    expect(languageFor("en")).to.equal("ko");
    setLanguage("en");
    expect(languageFor("ko")).to.equal("en");
  });

  it("refuses a language it does not have, in both", () => {
    expect(() => setLanguage("fr" as "en")).to.throw(RangeError, /언어는 ko, en 중 하나다.*not fr/);
  });

  it("a check of a Korean lesson speaks Korean: headline, hint of a known mistake, the pattern's hint", () => {
    delete process.env.DLFS_LANG;
    const report = checkReport("209", { out: 102, dx: -2, dy: 2 });
    expect(report.toString())
      .to.include(checkHeadlineOf("209", 0, 3))
      .and.match(/^문제 209 \(.+\): 0\/3 정답/);
    const [out, dx] = report.outcomes;
    expect(out.hint).to.equal(answerKey["209"].items[0].mistakes?.[0].ko);
    expect(dx.hint).to.match(/^부호가 반대다/);
    expect(report.toString()).to.match(checkHeadlinePattern);
  });

  it("and English with DLFS_LANG=en, the key's English texts", () => {
    process.env.DLFS_LANG = "en";
    const report = checkReport("209", { out: 102, dx: -2 });
    expect(report.toString())
      .to.match(/^Problem 209 \(MulLayer\): 0\/3 correct/)
      .and.match(checkHeadlinePattern);
    expect(report.outcomes[0].hint).to.equal("forward multiplies: x * y");
    expect(report.outcomes[2].message).to.equal('dy: not given — add it: check("209", { dy, … })');
  });

  it("a key without a language (a grader's own) speaks English", () => {
    delete process.env.DLFS_LANG;
    const report = compareWithKey("1", { title: "t", items: [{ name: "m", expected: [true, false] }] }, { m: array([1, 0]) });
    expect(report.outcomes[0].hint).to.equal("expected true/false values (a boolean mask, as x.le(0) gives), got numbers");
  });

  it("labels the training plot in the lessons' language", () => {
    delete process.env.DLFS_LANG;
    const history: TrainHistory = {
      label: "",
      trainLoss: [1, 0.5],
      evalIterations: [1],
      trainAcc: [0.5],
      testAcc: [0.4],
      seconds: 1,
    };
    expect(JSON.stringify(historyFigure(history).layout))
      .to.include("학습 기록")
      .and.include("에폭");
    setLanguage("en");
    expect(JSON.stringify(historyFigure(history).layout))
      .to.include("Training history")
      .and.include("epochs");
  });
});
