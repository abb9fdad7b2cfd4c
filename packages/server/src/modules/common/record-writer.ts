import type { EntityClass, EntityDictionary } from '@mikro-orm/core';
import type { Knex } from '@mikro-orm/postgresql';
import { assertWritable } from '../auth/authorize.js';
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
    current?: Row,
  ): Promise<Row>;
  /** The localities a row belongs to; writes must lie in the caller's scope. */
  localities(trx: Knex.Transaction, row: Row): Promise<(number | null | undefined)[]>;
}

/** Create, update and archive with validation, scope checks, locking and audit, one transaction each. */
export class RecordWriter<TEntity extends object, TCreate extends object> {
  constructor(
    private readonly context: RequestContext,
    private readonly spec: RecordSpec<TEntity, TCreate>,
  ) {}

  async create(input: TCreate, idempotencyKey?: string | null): Promise<TEntity> {
    const row = await inTransaction(this.context, async (trx) => {
      const problems = new InputProblems();
      const columns = await this.spec.columns(trx, problems, input);
      problems.throwIfAny();
      const viewer = await assertWritable(
        trx,
        this.context,
        await this.spec.localities(trx, columns),
      );
      const { id } = await idempotentCreate(
        trx,
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
      const current = await lockRow(trx, this.spec.table, rowId);
      const problems = new InputProblems();
      const changes = await this.spec.columns(trx, problems, withoutUndefined(patch), current);
      problems.throwIfAny();
      const viewer = await assertWritable(trx, this.context, [
        ...(await this.spec.localities(trx, current)),
        ...(await this.spec.localities(trx, { ...current, ...changes })),
      ]);
      return updateAudited(trx, viewer.subject, this.spec.table, rowId, version, changes);
    });
    return this.map(row);
  }

  async archive(id: string, version: number): Promise<TEntity> {
    const rowId = parseId(id, 'id');
    const row = await inTransaction(this.context, async (trx) => {
      const current = await lockRow(trx, this.spec.table, rowId);
      const viewer = await assertWritable(
        trx,
        this.context,
        await this.spec.localities(trx, current),
      );
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
