import { Transform, type TransformCallback } from 'node:stream';

const BACKSLASH = 0x5c;
const DOT = 0x2e;
const LF = 0x0a;
const CR = 0x0d;
const isLineEnd = (byte: number | undefined) => byte === LF || byte === CR;

/** A line holding only `\.`: PostgreSQL's COPY would end the data there and drop what follows. */
export class EndOfDataMarker extends Error {
  constructor(readonly line: number) {
    super(`line ${line} holds only \\. and would end the data early`);
  }
}

/**
 * Passes a CSV file through unchanged, failing with `EndOfDataMarker` at the first line holding
 * only `\.` (ended by LF, CR LF, CR or the end of the file), wherever the chunks are cut.
 */
export function refuseEndOfDataMarker(): Transform {
  // The last bytes seen, so that a marker cut across chunks is still found; a line end stands
  // for the start of the file.
  let tail = Buffer.from([LF]);
  let linesBefore = -1; // line feeds before `tail`, less the one standing for the start
  const lineAt = (window: Buffer, index: number) =>
    1 + linesBefore + countLineFeeds(window.subarray(0, index));
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      const window = Buffer.concat([tail, chunk]);
      for (let at = window.indexOf('\\.'); at !== -1; at = window.indexOf('\\.', at + 1)) {
        // A hit at 0 was judged in the previous window, where it had its following byte.
        if (at === 0 || !isLineEnd(window[at - 1])) continue;
        if (at + 2 === window.length) break; // the next chunk tells whether the line ends here
        if (isLineEnd(window[at + 2])) return done(new EndOfDataMarker(lineAt(window, at)));
      }
      const kept = Math.min(3, window.length);
      linesBefore += countLineFeeds(window.subarray(0, window.length - kept));
      tail = window.subarray(window.length - kept);
      done(null, chunk);
    },
    flush(done: TransformCallback) {
      const at = tail.length - 2;
      if (at >= 1 && tail[at] === BACKSLASH && tail[at + 1] === DOT && isLineEnd(tail[at - 1]))
        return done(new EndOfDataMarker(lineAt(tail, at)));
      done();
    },
  });
}

function countLineFeeds(bytes: Buffer): number {
  let count = 0;
  for (let at = bytes.indexOf(LF); at !== -1; at = bytes.indexOf(LF, at + 1)) count++;
  return count;
}
