// The language the lessons speak, for what is said outside a check.
import { clearKey, sealedKey } from "./check-key";
import { type Messages, messagesIn } from "../messages/catalogue";
import { type Language, languageFor } from "../messages/language";

/**
 * The language the lessons speak (their metadata.dlfs.lang, which the key
 * carries for each problem), for what is said outside a check: a training's
 * progress line, a plot's labels. The learner's choice comes first.
 */
export function courseLanguage(): Language {
  const key: Readonly<Record<string, { lang?: string }>> = clearKey() ?? sealedKey();
  const spoken = new Set(Object.values(key).map((entry) => entry.lang));
  return languageFor(spoken.size === 1 ? [...spoken][0] : undefined);
}

/** The messages in the lessons' language (or the learner's choice). */
export function learnerMessages(): Messages {
  return messagesIn(courseLanguage());
}
