/**
 * Values read from a cloud or an IaC file (names, ids, messages, file names) may carry terminal
 * escapes and line breaks. Human-readable output shows them escaped instead, so they can neither
 * drive the terminal (clear the screen, recolour, move the cursor) nor forge a report line.
 */

/** C0 controls, DEL, C1 controls; bidirectional overrides/isolates and line/paragraph separators (they reorder or break what is shown). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const unsafe = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

const shortEscapes: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escape(char: string): string {
  const short = shortEscapes[char];
  if (short !== undefined) return short;
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Shows every control character of `value` escaped (`\x1b`, `\n`, `\x9b`, `\u202e`); other text is unchanged. */
export function neutralise(value: string): string {
  return value.replace(unsafe, escape);
}

/**
 * Like {@link neutralise}, but keeps tab and line feed, for text that is multi-line by nature (a
 * JUnit failure body). A carriage return is still escaped: it would let a line overwrite itself.
 */
export function neutraliseKeepingLines(value: string): string {
  return value.replace(unsafe, (char) => (char === '\n' || char === '\t' ? char : escape(char)));
}

/**
 * Makes a value read from the cloud or an IaC file inert inside GitHub/GitLab markdown: no HTML, no table breaks,
 * no code spans, links, emphasis or @-mentions, one line, no control characters (shown escaped, `\x1b`).
 */
export function escapeMarkdown(value: string): string {
  return neutralise(value.replace(/[\r\n\t]+/g, ' '))
    .replace(/[\\|*_[\]~!#]/g, (char) => `\\${char}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/`/g, '&#96;')
    .replace(/@/g, '&#64;');
}
