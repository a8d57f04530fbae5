// A script in a terminal: an output is its text, printed on stdout.
import type { Host, MimeBundle } from "./types";

function plainText(data: MimeBundle): string {
  const text = data["text/plain"];
  if (typeof text === "string") return text;
  return `[output of type ${Object.keys(data).join(", ") || "(none)"}]`;
}

export const terminalHost: Host = {
  kind: "terminal",
  display(message) {
    // An update would print the same text again; a terminal shows it once.
    if (!message.update) process.stdout.write(plainText(message.data) + "\n");
  },
  // Ctrl+C ends a script as usual.
  listenForInterrupt: () => () => undefined,
};
