// Which language a learner reads: the lesson's (its notebook's
// metadata.dlfs.lang, which the answer key carries for each problem),
// unless the learner chose another: setLanguage("en") in a cell (the site's
// setting does that), or DLFS_LANG=en in the kernel's environment.

const languages = ["ko", "en"] as const;
export type Language = (typeof languages)[number];

let chosen: Language | undefined;

function isLanguage(value: unknown): value is Language {
  return typeof value === "string" && (languages as readonly string[]).includes(value);
}

/**
 * Chooses the language of every message from now on, whatever the lesson
 * says; `undefined` goes back to the lesson's.
 */
export function setLanguage(language: Language | undefined): void {
  if (language !== undefined && !isLanguage(language))
    throw new RangeError(
      `언어는 ${languages.join(", ")} 중 하나다 · the language is one of ${languages.join(", ")}, not ${String(language)}`,
    );
  chosen = language;
}

/** The language a setting such as DLFS_LANG names ("en", "ko_KR.UTF-8", "EN"), if it is one dlfs speaks. */
export function parseLanguage(setting: string | undefined): Language | undefined {
  const value = setting?.trim().toLowerCase().slice(0, 2);
  return isLanguage(value) ? value : undefined;
}

/** DLFS_LANG of the process, where there is one (not in the site's kernel). */
function environmentLanguage(): Language | undefined {
  if (typeof process === "undefined" || process.env === undefined) return undefined;
  return parseLanguage(process.env.DLFS_LANG);
}

/** The language to speak: the learner's choice, else the lesson's, else English. */
export function languageFor(lessonLanguage?: string): Language {
  return chosen ?? environmentLanguage() ?? (isLanguage(lessonLanguage) ? lessonLanguage : "en");
}
