import type { Knex } from '@mikro-orm/postgresql';

/**
 * knex puts the statement in front of a failed query's message (`<sql> - <message>`), in place.
 * The driver's own message is kept here, by error, for the code that shows a trigger's text to
 * a caller; the decorated message stays on the error for the server log.
 */
const driverMessages = new WeakMap<object, string>();

/** Remembers the driver's own message of every query of `knex` that fails. */
export function keepDriverMessages(knex: Knex): void {
  knex.on('query-error', (error: unknown, query: { sql?: unknown }) => {
    if (error === null || typeof error !== 'object') return;
    const { message } = error as { message?: unknown };
    if (typeof message !== 'string' || typeof query?.sql !== 'string') return;
    const prefix = `${query.sql} - `;
    if (message.startsWith(prefix)) driverMessages.set(error, message.slice(prefix.length));
  });
}

/**
 * The message the database itself gave, without knex's statement in front; null when it cannot
 * be told apart (then nothing of it may be shown).
 */
export function driverMessage(error: unknown): string | null {
  if (error === null || typeof error !== 'object') return null;
  return driverMessages.get(error) ?? null;
}
