import { createHash } from 'node:crypto';
import type { Knex } from '@mikro-orm/postgresql';

/**
 * Disclosure control for the personal breakdowns (officialsBreakdown, trainingParticipation)
 * served to callers without personal access: the cell key method of the Australian Bureau of
 * Statistics' TableBuilder.
 *
 * - Every counted record (an official, an enrolment) carries a record key: the first 32 bits of
 *   HMAC-SHA256(CELL_KEY_SECRET, "<kind>:<id>"), computed by PostgreSQL. Without the secret the
 *   keys cannot be derived from anything the API publishes.
 * - A cell's key is the sum of its records' keys modulo 2^32, so the same set of records has the
 *   same key whichever query reaches it, and different sets have independent, uniform keys.
 * - `perturbCount` (the one rule) maps a count and its cell key to the published figure through a
 *   fixed noise table of at most ±MAX_NOISE. Asking again, or reaching the same cell through
 *   another grouping or filter, gives the same figure, so nothing averages out.
 * - Totals are perturbed as cells of their own (their own record set, their own key), never
 *   summed from perturbed cells and never exact.
 * - An empty cell stays empty (zero is never turned positive); a perturbed figure under the
 *   small-cell threshold is suppressed like a small exact cell.
 */

/** Largest noise added to or taken from a published count. */
export const MAX_NOISE = 2;

/** Cell keys live in [0, 2^32): the sum of 32-bit record keys, wrapped. */
export const CELL_KEY_MODULUS = 2 ** 32;

/**
 * The perturbation table: a cell key, read as a fraction of its range, falls into one of these
 * bands, whose widths are the probabilities of each noise. Symmetric (no bias), variance 1.2.
 */
export const NOISE_TABLE: readonly { noise: number; probability: number }[] = [
  { noise: -2, probability: 0.1 },
  { noise: -1, probability: 0.2 },
  { noise: 0, probability: 0.4 },
  { noise: 1, probability: 0.2 },
  { noise: 2, probability: 0.1 },
];

/**
 * The published figure for a cell of `count` records whose cell key is `cellKey`. The one rule
 * of perturbation: the same count and key always give the same figure.
 */
export function perturbCount(count: number, cellKey: number): number {
  if (count <= 0) return 0;
  const position =
    (((cellKey % CELL_KEY_MODULUS) + CELL_KEY_MODULUS) % CELL_KEY_MODULUS) / CELL_KEY_MODULUS;
  let upper = 0;
  for (const { noise, probability } of NOISE_TABLE) {
    upper += probability;
    if (position < upper) return Math.max(0, count + noise);
  }
  // Rounding may leave the sum of probabilities a hair under 1: the last band takes the rest.
  return Math.max(0, count + (NOISE_TABLE.at(-1)?.noise ?? 0));
}

/** The kinds of record a cell counts; the kind is part of the hashed text. */
export type RecordKind = 'official' | 'enrollment';

function hmacPads(secret: string): { inner: Buffer; outer: Buffer } {
  let key = Buffer.from(secret, 'utf8');
  if (key.length > 64) key = createHash('sha256').update(key).digest();
  const block = Buffer.alloc(64);
  key.copy(block);
  return {
    inner: Buffer.from(block.map((byte) => byte ^ 0x36)),
    outer: Buffer.from(block.map((byte) => byte ^ 0x5c)),
  };
}

/**
 * SQL for the record key of the record whose id is `idSql`: the first 32 bits, unsigned, of
 * HMAC-SHA256(secret, "<kind>:<id>"), built from PostgreSQL's sha256 (RFC 2104). The secret is
 * the configured `cellKeySecret` (PlatformConfig).
 */
export function recordKeySql(
  knex: Knex,
  secret: string,
  kind: RecordKind,
  idSql: string,
): Knex.Raw {
  const { inner, outer } = hmacPads(secret);
  return knex.raw(
    `('x' || encode(substr(sha256(?::bytea || sha256(?::bytea || convert_to(? || ${idSql}::text, 'UTF8'))), 1, 4), 'hex'))::bit(32)::bigint`,
    [outer, inner, `${kind}:`],
  );
}

/** SQL: the cell key of the records aggregated, from their record keys `recordKey`. */
export function cellKeySql(recordKey: string, where?: string): string {
  const filter = where ? ` filter (where ${where})` : '';
  return `coalesce(sum(${recordKey})${filter}, 0) % ${CELL_KEY_MODULUS}`;
}

/**
 * Who gets what: exact figures, or figures perturbed by the cell key method, whose record keys
 * come from the configured secret (the request's `cellKeySecret`).
 */
export type Disclosure = { perturbed: false } | { perturbed: true; cellKeySecret: string };
export const EXACT: Disclosure = { perturbed: false };

/** The record key column of a breakdown's base rows; exact tables need none. */
export function recordKeyColumn(
  knex: Knex,
  disclosure: Disclosure,
  kind: RecordKind,
  idSql: string,
) {
  return disclosure.perturbed
    ? knex.raw('? as record_key', [recordKeySql(knex, disclosure.cellKeySecret, kind, idSql)])
    : knex.raw('0::bigint as record_key');
}

/** A cell as counted: its exact count and its cell key. */
export interface Counted {
  count: number;
  key: number;
}

export function publish(disclosure: Disclosure, counted: Counted): number {
  return disclosure.perturbed ? perturbCount(counted.count, counted.key) : counted.count;
}

/**
 * The published table: the total and every cell as the caller may see them, cells under the
 * threshold left out. A perturbed total is a cell of its own, never the sum of the cells; a
 * perturbed table whose total is under the threshold is withheld whole.
 */
export function publishTable<T>(
  disclosure: Disclosure,
  threshold: number,
  total: Counted,
  cells: T[],
  counted: (cell: T) => Counted,
): { total: number | null; shown: { row: T; count: number }[]; suppressed: number } {
  const publishedTotal = publish(disclosure, total);
  const totalShown = !disclosure.perturbed || publishedTotal >= threshold;
  const shown = totalShown
    ? cells
        .map((row) => ({ row, count: publish(disclosure, counted(row)) }))
        .filter(({ count }) => count >= threshold)
    : [];
  return {
    total: totalShown ? publishedTotal : null,
    shown,
    suppressed: cells.length - shown.length,
  };
}
