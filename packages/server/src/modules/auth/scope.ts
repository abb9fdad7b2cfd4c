import type { Knex } from '@mikro-orm/postgresql';
import { pathWithin } from '../common/subtree.js';
import { Role, type Viewer } from './viewer.js';

/**
 * The one scope rule. An ADMIN's scope is everything. An EDITOR's scope is a locality code and
 * its whole subtree: a row with a locality is in scope when that locality is in the subtree, an
 * official when their home locality is (officials without one: admins only). Everyone else has
 * no scope. Reads of personal fields, filters and sorts by them, every write and every import
 * ask the same questions through these SQL conditions.
 */
export class Scope {
  constructor(readonly viewer: Viewer) {}

  /** Everything is in scope. */
  get unlimited(): boolean {
    return this.viewer.role === Role.ADMIN;
  }

  /** Nothing is in scope: no personal data, no writes. */
  get empty(): boolean {
    return !this.unlimited && (this.viewer.role !== Role.EDITOR || !this.viewer.scopeCode);
  }

  /** SQL, true when the locality id `localityIdSql` (a column or expression) is in scope. */
  locality(knex: Knex, localityIdSql: string): Knex.Raw {
    if (this.unlimited) return knex.raw('true');
    if (this.empty) return knex.raw('false');
    return knex.raw(
      `exists (select 1 from locality scope_member join locality scope_root on scope_root.code = ?
                where scope_member.id = ${localityIdSql} and ${pathWithin('scope_member', 'scope_root.path')})`,
      [this.viewer.scopeCode],
    );
  }

  /** SQL, true when the official with id `officialIdSql` has a home locality in scope. */
  official(knex: Knex, officialIdSql: string): Knex.Raw {
    if (this.unlimited) return knex.raw('true');
    if (this.empty) return knex.raw('false');
    return knex.raw(
      `exists (select 1 from official scope_official
                 join locality scope_member on scope_member.id = scope_official.home_locality_id
                 join locality scope_root on scope_root.code = ?
                where scope_official.id = ${officialIdSql} and ${pathWithin('scope_member', 'scope_root.path')})`,
      [this.viewer.scopeCode],
    );
  }

  /** Whether every one of these localities is in scope (a missing one is not). */
  async localitiesInScope(knex: Knex, ids: (number | null | undefined)[]): Promise<boolean> {
    if (this.unlimited) return true;
    if (this.empty || ids.some((id) => id == null)) return false;
    const distinct = [...new Set(ids as number[])];
    if (distinct.length === 0) return true;
    const inside = await knex('locality as t')
      .select('t.id')
      .whereIn('t.id', distinct)
      .where(this.locality(knex, 't.id'));
    return inside.length === distinct.length;
  }

  /** Whether every one of these officials is in scope (a missing one is not). */
  async officialsInScope(knex: Knex, ids: (number | null | undefined)[]): Promise<boolean> {
    if (this.unlimited) return true;
    if (this.empty || ids.some((id) => id == null)) return false;
    const distinct = [...new Set(ids as number[])];
    if (distinct.length === 0) return true;
    const inside = await knex('official as t')
      .select('t.id')
      .whereIn('t.id', distinct)
      .where(this.official(knex, 't.id'));
    return inside.length === distinct.length;
  }
}

/** What a row is placed by: every locality and every official listed must be in scope. */
export interface ScopeTargets {
  localities: (number | null | undefined)[];
  officials?: (number | null | undefined)[];
}

export async function targetsInScope(
  knex: Knex,
  scope: Scope,
  targets: ScopeTargets,
): Promise<boolean> {
  return (
    (await scope.localitiesInScope(knex, targets.localities)) &&
    (await scope.officialsInScope(knex, targets.officials ?? []))
  );
}
