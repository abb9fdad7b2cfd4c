import type { EntityClass, EntityDictionary } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/postgresql';
import { assertWritable, notFoundInScope, scopeOf } from '../auth/authorize.js';
import { targetsInScope, type Scope, type ScopeTargets } from '../auth/scope.js';
import type { RequestContext } from './context.js';
import { parseId } from './ids.js';
import {
  archiveAudited,
  idempotentCreate,
  InputProblems,
  insertAudited,
  inTransaction,
  lockRow,
  updateAudited,
} from './write-kit.js';

export type Row = Record<string, unknown>;

/** How one kind of record is validated, mapped to columns and placed for scope checks. */
export interface RecordSpec<TEntity extends object, TCreate extends object> {
  entity: EntityClass<TEntity>;
  table: string;
  /**
   * Checks the given fields (all of them on create, the changed ones on update), adding each
   * problem with its field, and returns the columns to write.
   */
  columns(
    trx: Knex.Transaction,
    problems: InputProblems,
    input: Partial<TCreate>,
    current: Row | undefined,
    scope: Scope,
  ): Promise<Row>;
  /** The localities a row belongs to; writes must lie in the caller's scope. */
  localities(trx: Knex.Transaction, row: Row): Promise<(number | null | undefined)[]>;
  /** The column naming the official a row is about: that official must be in scope too. */
  officialColumn?: string;
}

/** Create, update and archive with validation, scope checks, locking and audit, one transaction each. */
export class RecordWriter<TEntity extends object, TCreate extends object> {
  constructor(
    private readonly context: RequestContext,
    private readonly spec: RecordSpec<TEntity, TCreate>,
  ) {
    this.scope = scopeOf(context);
  }

  private readonly scope: Scope;

  /** Where a row lies for the scope rule: its localities and the official it is about. */
  private async targets(trx: Knex.Transaction, row: Row): Promise<ScopeTargets> {
    const { officialColumn } = this.spec;
    return {
      localities: await this.spec.localities(trx, row),
      officials: officialColumn ? [row[officialColumn] as number | null] : [],
    };
  }

  /**
   * The row to change, locked, once the caller is known to reach it. The scope is checked on an
   * unlocked read first, so an out-of-scope caller locks nothing, and again on the locked row.
   * A row out of reach and a missing row get the same answer.
   */
  private async reachableRow(trx: Knex.Transaction, id: number): Promise<Row> {
    await assertWritable(trx, this.context, { localities: [] });
    const reachable = async (row: Row | undefined) =>
      row !== undefined && (await targetsInScope(trx, this.scope, await this.targets(trx, row)));
    const [unlocked] = await trx(this.spec.table).select('*').where('id', id);
    if (!(await reachable(unlocked))) throw notFoundInScope(this.spec.table.replace(/_/g, ' '), id);
    const locked = await lockRow(trx, this.spec.table, id);
    if (!(await reachable(locked))) throw notFoundInScope(this.spec.table.replace(/_/g, ' '), id);
    return locked;
  }

  async create(input: TCreate, idempotencyKey?: string | null): Promise<TEntity> {
    const row = await inTransaction(this.context, async (trx) => {
      await assertWritable(trx, this.context, { localities: [] });
      const problems = new InputProblems();
      const columns = await this.spec.columns(trx, problems, input, undefined, this.scope);
      problems.throwIfAny();
      const viewer = await assertWritable(trx, this.context, await this.targets(trx, columns));
      const { id } = await idempotentCreate(
        trx,
        viewer.subject,
        idempotencyKey,
        `create:${this.spec.table}`,
        input,
        async () => {
          const created = await insertAudited(trx, viewer.subject, this.spec.table, columns);
          return created.id;
        },
      );
      return lockRow(trx, this.spec.table, id);
    });
    return this.map(row);
  }

  async update(id: string, version: number, patch: Partial<TCreate>): Promise<TEntity> {
    const rowId = parseId(id, 'id');
    const row = await inTransaction(this.context, async (trx) => {
      const current = await this.reachableRow(trx, rowId);
      const problems = new InputProblems();
      const changes = await this.spec.columns(
        trx,
        problems,
        withoutUndefined(patch),
        current,
        this.scope,
      );
      problems.throwIfAny();
      const viewer = await assertWritable(
        trx,
        this.context,
        await this.targets(trx, { ...current, ...changes }),
      );
      return updateAudited(trx, viewer.subject, this.spec.table, rowId, version, changes);
    });
    return this.map(row);
  }

  async archive(id: string, version: number): Promise<TEntity> {
    const rowId = parseId(id, 'id');
    const row = await inTransaction(this.context, async (trx) => {
      await this.reachableRow(trx, rowId);
      const { viewer } = this.context;
      return archiveAudited(trx, viewer.subject, this.spec.table, rowId, version);
    });
    return this.map(row);
  }

  private map(row: Row): TEntity {
    return this.context.em.map(this.spec.entity, row as EntityDictionary<TEntity>);
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The id of a live official in the caller's scope, from an API id. An official out of scope is
 * reported exactly as a missing one, so that a create cannot probe which ids exist.
 */
export async function liveOfficialInScope(
  trx: Knex.Transaction,
  problems: InputProblems,
  scope: Scope,
  field: string,
  id: string | null | undefined,
): Promise<number | null> {
  if (id == null) return null;
  const value = Number(id);
  if (!Number.isSafeInteger(value) || value < 1 || String(value) !== id.trim()) {
    problems.add(field, 'is not an id of this API');
    return null;
  }
  const [row] = await trx('official as t')
    .select('t.id')
    .where('t.id', value)
    .whereNull('t.archived_at')
    .where(scope.official(trx, 't.id'));
  if (!row) problems.add(field, `no live official has the id ${value}`);
  return row ? value : null;
}

/** Columns for the fields present in `input`, renamed to snake_case. */
export function present<T extends object>(input: Partial<T>, fields: (keyof T & string)[]): Row {
  const columns: Row = {};
  for (const field of fields) {
    if (field in input) {
      columns[field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)] = input[field] ?? null;
    }
  }
  return columns;
}
