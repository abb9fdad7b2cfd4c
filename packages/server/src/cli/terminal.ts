/**
 * Characters a terminal acts on instead of printing: C0 controls (ESC starts colour, cursor,
 * title and hyperlink sequences; CR and BS overwrite what was shown), DEL, C1 controls (U+009B
 * is a one-byte CSI), and the Unicode bidirectional and line-breaking controls that reorder or
 * split what the operator reads.
 */
const UNPRINTABLE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escapeOne(character: string): string {
  const code = character.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, '0')}`
    : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Text from a file, the database or an error, made safe to print: controls become `\x1b`, `\u202e`. */
export function printable(text: unknown): string {
  return String(text).replace(UNPRINTABLE, escapeOne);
}
