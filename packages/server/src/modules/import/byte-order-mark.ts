import { Transform, type TransformCallback } from 'node:stream';

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Drops a UTF-8 byte order mark at the start of a file, wherever the chunks are cut. Spreadsheet
 * programs saving "CSV UTF-8" and the platform's own exports write one; COPY would read it as part
 * of the first header name and refuse the header.
 */
export function dropByteOrderMark(): Transform {
  // The file's first bytes, held until they tell whether it starts with the mark; then null.
  let start: Buffer | null = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      if (start === null) return done(null, chunk);
      start = Buffer.concat([start, chunk]);
      if (start.length < UTF8_BOM.length && UTF8_BOM.subarray(0, start.length).equals(start)) {
        return done();
      }
      const rest = start.subarray(0, UTF8_BOM.length).equals(UTF8_BOM)
        ? start.subarray(UTF8_BOM.length)
        : start;
      start = null;
      done(null, rest);
    },
    flush(done: TransformCallback) {
      // A file shorter than the mark that begins like it: passed on for COPY to judge.
      if (start?.length) this.push(start);
      done();
    },
  });
}
