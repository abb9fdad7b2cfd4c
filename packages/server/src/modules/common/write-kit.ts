import { GraphQLError } from 'graphql';
import type { Knex } from '@mikro-orm/postgresql';
import { createHash } from 'node:crypto';
import type { RequestContext } from './context.js';
import { driverMessage } from '../../database/driver-message.js';

export interface FieldProblem {
  field: string;
  reason: string;
}

/** Collects every problem with an input so that one error can name them all. */
export class InputProblems {
  readonly problems: FieldProblem[] = [];

  add(field: string, reason: string): void {
    this.problems.push({ field, reason });
  }

  check(condition: boolean, field: string, reason: string): void {
    if (!condition) this.add(field, reason);
  }

  throwIfAny(): void {
    if (this.problems.length > 0) throw invalidInput(this.problems);
  }
}

export function invalidInput(problems: FieldProblem[]): GraphQLError {
  const [first] = problems;
  return new GraphQLError(
    `Invalid input: ${problems.map((p) => `"${p.field}" ${p.reason}`).join('; ')}`,
    {
      extensions: {
        code: 'BAD_USER_INPUT',
        field: first?.field,
        reason: first?.reason,
        fields: problems,
      },
    },
  );
}

export function notFound(entity: string, id: number): GraphQLError {
  return new GraphQLError(`No ${entity} has the id ${id}`, {
    extensions: { code: 'NOT_FOUND', field: 'id', reason: 'not found' },
  });
}

export function versionConflict(
  entity: string,
  id: number,
  expected: number,
  actual: number,
): GraphQLError {
  return new GraphQLError(
    `The ${entity} ${id} changed since it was read: version ${expected} was quoted, it is now ${actual}`,
    {
      extensions: {
        code: 'CONFLICT',
        field: 'version',
        reason: 'stale version',
        currentVersion: actual,
      },
    },
  );
}

/** Input field named by a database constraint, for constraints no column tells. */
const CONSTRAINT_FIELDS: Record<string, string> = {
  locality_code_period_unique: 'code',
  locality_code_format: 'code',
  locality_parent_tier: 'parentCode',
  locality_root_is_province: 'parentCode',
  locality_validity_order: 'validTo',
  official_position_period_order: 'endDate',
  training_program_period_order: 'endDate',
  enrollment_unique: 'officialId',
  enrollment_capacity: 'programCode',
  enrollment_completion_date: 'completedOn',
  task_completion_date: 'completedOn',
  indicator_value_unit_range: 'value',
  indicator_value_fraction_consistent: 'value',
  indicator_value_fraction_complete: 'denominator',
  indicator_value_unique: 'disaggregation',
  indicator_value_indicator_id_fkey: 'indicatorCode',
  indicator_value_locality_id_fkey: 'localityCode',
  indicator_value_direction_matches: 'indicatorCode',
  agency_code_key: 'code',
  task_code_key: 'code',
  training_program_code_key: 'code',
  official_reference_key: 'reference',
  plan_one_at_a_time: 'startYear',
};

/** What a constraint says to the caller, where the general reason of its kind says too little. */
const CONSTRAINT_REASONS: Record<string, string> = {
  plan_one_at_a_time: 'overlaps the period of another plan of the same locality',
};

const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Turns a constraint violation into the same field-naming error the edge checks give. */
export function databaseProblem(error: unknown): GraphQLError | null {
  const pg = error as {
    code?: string;
    constraint?: string;
    column?: string;
    table?: string;
    message?: string;
    routine?: string;
  };
  if (!pg.code || !['23505', '23503', '23514', '23P01', '23502', '22003'].includes(pg.code))
    return null;
  let field = pg.constraint ? CONSTRAINT_FIELDS[pg.constraint] : undefined;
  if (!field && pg.column) field = camel(pg.column);
  if (!field && pg.constraint && pg.table) {
    field = camel(pg.constraint.replace(`${pg.table}_`, '').replace(/_(check|key|fkey)$/, ''));
  }
  const reason =
    (pg.constraint && CONSTRAINT_REASONS[pg.constraint]) ||
    (pg.code === '23505' || pg.code === '23P01'
      ? 'is already taken'
      : pg.code === '23503'
        ? 'refers to a row that does not exist'
        : pg.code === '23502'
          ? 'is required'
          : pg.code === '22003'
            ? 'is out of range'
            : // Our own checks raise a message written for the caller; the server's own text
              // names tables and constraints and stays in the log.
              // knex's decorated message begins with the statement: only the driver's own is shown.
              (pg.routine === 'exec_stmt_raise' && driverMessage(error)) ||
              'breaks a rule of the data');
  return invalidInput([{ field: field ?? 'input', reason }]);
}

/** Runs `work` in one transaction; nothing of it stays when any part fails. */
export async function inTransaction<T>(
  context: RequestContext,
  work: (trx: Knex.Transaction) => Promise<T>,
): Promise<T> {
  try {
    return await context.em.getKnex().transaction(work);
  } catch (error) {
    throw databaseProblem(error) ?? error;
  }
}

export type AuditAction =
  'CREATE' | 'UPDATE' | 'ARCHIVE' | 'SUBMIT' | 'APPROVE' | 'RETURN' | 'IMPORT';

export async function audit(
  trx: Knex.Transaction,
  event: {
    entity: string;
    entityId: number;
    action: AuditAction;
    actor: string;
    before?: unknown;
    after?: unknown;
    note?: string | null;
  },
): Promise<void> {
  await trx('audit_event').insert({
    entity: event.entity,
    entity_id: event.entityId,
    action: event.action,
    actor: event.actor,
    before: event.before === undefined ? null : JSON.stringify(event.before),
    after: event.after === undefined ? null : JSON.stringify(event.after),
    note: event.note ?? null,
  });
}

type Row = Record<string, unknown> & { id: number; version: number; archived_at: Date | null };

/** Locks the row, or says it is missing. */
export async function lockRow(trx: Knex.Transaction, table: string, id: number): Promise<Row> {
  const [row] = await trx(table).select('*').where('id', id).forUpdate();
  if (!row) throw notFound(table.replace(/_/g, ' '), id);
  return row as Row;
}

/** Inserts a row and records its creation. */
export async function insertAudited(
  trx: Knex.Transaction,
  actor: string,
  table: string,
  values: Record<string, unknown>,
): Promise<Row> {
  const [row] = await trx(table).insert(values).returning('*');
  await audit(trx, { entity: table, entityId: row.id, action: 'CREATE', actor, after: row });
  return row as Row;
}

/**
 * Applies `changes` if `version` is still current (optimistic locking): a stale version is a
 * CONFLICT and changes nothing. Archived rows are read-only.
 */
export async function updateAudited(
  trx: Knex.Transaction,
  actor: string,
  table: string,
  id: number,
  version: number,
  changes: Record<string, unknown>,
  action: AuditAction = 'UPDATE',
  note?: string | null,
): Promise<Row> {
  const before = await lockRow(trx, table, id);
  if (before.version !== version)
    throw versionConflict(table.replace(/_/g, ' '), id, version, before.version);
  if (before.archived_at && action !== 'ARCHIVE') {
    throw invalidInput([{ field: 'id', reason: 'is archived and can no longer change' }]);
  }
  const [after] = await trx(table)
    .update({ ...changes, version: before.version + 1 })
    .where('id', id)
    .returning('*');
  await audit(trx, { entity: table, entityId: id, action, actor, before, after, note });
  return after as Row;
}

export function archiveAudited(
  trx: Knex.Transaction,
  actor: string,
  table: string,
  id: number,
  version: number,
) {
  return updateAudited(trx, actor, table, id, version, { archived_at: trx.fn.now() }, 'ARCHIVE');
}

/**
 * Makes a create safe to retry: the first call with a key stores the created row's id; a retry
 * with the same key and payload returns that row; the same key with another payload is refused.
 */
export async function idempotentCreate(
  trx: Knex.Transaction,
  subject: string,
  key: string | null | undefined,
  operation: string,
  payload: unknown,
  create: () => Promise<number>,
): Promise<{ id: number; replayed: boolean }> {
  const replayed = await replayedCreate(trx, subject, key, operation, payload);
  if (replayed !== null) return { id: replayed, replayed: true };
  const id = await create();
  await rememberKey(trx, subject, key, operation, payload, id);
  return { id, replayed: false };
}

/**
 * The row a request with this key already produced, or null when the key is new (or absent).
 * Requests with the same key run one after the other from here to the commit, so a retry sees
 * the first one's result; the key with another payload is refused.
 */
export async function replayedCreate(
  trx: Knex.Transaction,
  subject: string,
  key: string | null | undefined,
  operation: string,
  payload: unknown,
): Promise<number | null> {
  if (key == null) return null;
  if (key.length < 8 || key.length > 200) {
    throw invalidInput([{ field: 'idempotencyKey', reason: 'must be 8 to 200 characters' }]);
  }
  const stored = callersKey(subject, key);
  await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 0))', [stored]);
  const [existing] = await trx('idempotency_key').select('*').where('key', stored);
  if (!existing) return null;
  if (
    existing.operation !== operation ||
    existing.request_hash !== requestHash(operation, payload)
  ) {
    throw invalidInput([
      { field: 'idempotencyKey', reason: 'was already used for a different request' },
    ]);
  }
  return existing.entity_id as number;
}

/** Stores the row a keyed request produced, for its retries (see replayedCreate). */
export async function rememberKey(
  trx: Knex.Transaction,
  subject: string,
  key: string | null | undefined,
  operation: string,
  payload: unknown,
  id: number,
): Promise<void> {
  if (key == null) return;
  await trx('idempotency_key').insert({
    key: callersKey(subject, key),
    operation,
    request_hash: requestHash(operation, payload),
    entity_id: id,
  });
}

/**
 * A key belongs to the caller who sent it: stored per subject, so that no other caller can replay
 * it, be refused by it, or learn that it was used.
 */
function callersKey(subject: string, key: string): string {
  return createHash('sha256').update(`${subject}\n${key}`).digest('hex');
}

function requestHash(operation: string, payload: unknown): string {
  return createHash('sha256')
    .update(`${operation}\n${stableJson(payload)}`)
    .digest('hex');
}

function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => a.localeCompare(b));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
}
