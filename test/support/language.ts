// Tests that read the library's English words choose English for their suite,
// as a learner may (setLanguage): the lessons' own language is Korean, whose
// words test/lib/messages.test.ts and the lessons' outputs hold.
import { setLanguage } from "dlfs";

/** In a describe(): English while its tests run, the lessons' language again after. */
export function inEnglish(): void {
  before(() => setLanguage("en"));
  after(() => setLanguage(undefined));
}
