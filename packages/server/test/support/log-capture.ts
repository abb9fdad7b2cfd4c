import { Writable } from 'node:stream';
import { createLogger, log, useLogger } from '../../src/modules/observability/log.js';

/** The platform's log lines, parsed, while a test captures them instead of printing them. */
export interface CapturedLog {
  lines: Record<string, unknown>[];
  /** Every captured line, as written (JSON), one per line. */
  text(): string;
  restore(): void;
}

/** Sends the platform's log into memory until `restore()`. */
export function captureLog(): CapturedLog {
  const previous = log();
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      raw.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  useLogger(createLogger('trace', stream));
  return {
    get lines() {
      return raw.map((line) => JSON.parse(line) as Record<string, unknown>);
    },
    text: () => raw.join('\n'),
    restore: () => useLogger(previous),
  };
}
