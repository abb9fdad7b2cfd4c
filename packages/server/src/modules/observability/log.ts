import {
  destination as fileDestination,
  pino,
  stdSerializers,
  type DestinationStream,
  type Logger,
} from 'pino';
import pretty from 'pino-pretty';

import { logLevelOf, type LogLevel } from '../../config.js';

export type { Logger } from 'pino';
export type { LogLevel } from '../../config.js';

/**
 * The platform's logger: one JSON object per line on stdout (what a log collector reads), or
 * coloured, human-readable lines when a person watches a terminal. Errors are serialized with
 * their stack and driver fields under `err`.
 */
export function createLogger(level: LogLevel = 'info', destination?: DestinationStream): Logger {
  const options = { level, base: { service: 'binh-dang' }, serializers: { err: serializeError } };
  if (destination) return pino(options, destination);
  if (process.stdout.isTTY) {
    return pino(options, pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', sync: true }));
  }
  return pino(options, fileDestination({ dest: 1, sync: true }));
}

/** Fields of a PostgreSQL error that name things, never a row's values. */
const DATABASE_ERROR_FIELDS = [
  'code',
  'severity',
  'routine',
  'schema',
  'table',
  'column',
  'constraint',
  'dataType',
] as const;

/**
 * Errors as logged. A PostgreSQL error's message and detail can quote the values of the failing
 * row or cursor (a name, a birth year), and so can the statement the ORM inlined them into: the
 * log keeps the statement and the message with every quoted value elided, the SQLSTATE and the
 * names of what failed.
 */
export function serializeError(error: unknown): unknown {
  if (!isDatabaseError(error)) return stdSerializers.err(error as Error);
  const record = error as unknown as Record<string, unknown>;
  const logged: Record<string, unknown> = { type: 'DatabaseError' };
  for (const field of DATABASE_ERROR_FIELDS) {
    if (record[field] !== undefined) logged[field] = record[field];
  }
  // The statement comes before the driver's message (`<sql> - <msg>`), with its values inlined
  // when the ORM ran it: string literals are elided.
  const separator = error.message.lastIndexOf(' - ');
  if (separator > 0) {
    logged.statement = error.message.slice(0, separator).replace(/'(?:[^']|'')*'/g, "'…'");
  }
  logged.message = error.message
    .slice(separator > 0 ? separator + 3 : 0)
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\([^)]*\)=\([^)]*\)/g, '(…)=(…)');
  return logged;
}

function isDatabaseError(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  const { code, severity } = error as Error & { code?: unknown; severity?: unknown };
  return typeof severity === 'string' && typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code);
}

let current: Logger | undefined;

/** The process's logger (`LOG_LEVEL`, validated by the configuration, defaults to info). */
export function log(): Logger {
  current ??= createLogger(logLevelOf());
  return current;
}

/** Replaces the process's logger: at start with the configured level, or in tests. */
export function useLogger(logger: Logger): void {
  current = logger;
}
