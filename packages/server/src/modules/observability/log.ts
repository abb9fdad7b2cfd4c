import { destination as fileDestination, pino, type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The platform's logger: one JSON object per line on stdout (what a log collector reads), or
 * coloured, human-readable lines when a person watches a terminal. Errors are serialized with
 * their stack and driver fields under `err`.
 */
export function createLogger(level: LogLevel = 'info', destination?: DestinationStream): Logger {
  const options = { level, base: { service: 'binh-dang' } };
  if (destination) return pino(options, destination);
  if (process.stdout.isTTY) {
    return pino(options, pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', sync: true }));
  }
  return pino(options, fileDestination({ dest: 1, sync: true }));
}

function levelFromEnvironment(): LogLevel {
  const raw = process.env.LOG_LEVEL?.toLowerCase();
  return (LOG_LEVELS as readonly string[]).includes(raw ?? '') ? (raw as LogLevel) : 'info';
}

let current: Logger | undefined;

/** The process's logger (`LOG_LEVEL`, validated by the configuration, defaults to info). */
export function log(): Logger {
  current ??= createLogger(levelFromEnvironment());
  return current;
}

/** Replaces the process's logger: at start with the configured level, or in tests. */
export function useLogger(logger: Logger): void {
  current = logger;
}
