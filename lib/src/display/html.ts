/** Small helpers for writing HTML outputs by hand. */

/** Text as HTML text or attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/**
 * A value as a JavaScript literal that is safe inside an inline <script>:
 * a "</script>" or "<!--" in a string (a trace name, say) must not end or
 * confuse the script element, so every "<" is written as \u003c, and the
 * two line separators that JSON allows but older JavaScript does not are
 * escaped too.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
