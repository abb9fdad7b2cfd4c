import { GraphQLError } from 'graphql';
import type { Knex } from '@mikro-orm/postgresql';
import type { RequestContext } from '../common/context.js';
import { hasRole, Role, type Viewer } from './viewer.js';
import { pathWithin } from '../common/subtree.js';

export function unauthenticated(reason = 'sign in to do this'): GraphQLError {
  return new GraphQLError(`Not authenticated: ${reason}`, {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
  });
}

export function forbidden(reason: string): GraphQLError {
  return new GraphQLError(`Forbidden: ${reason}`, { extensions: { code: 'FORBIDDEN', reason } });
}

/** Refuses callers below `role`; anonymous callers are told to authenticate. */
export function requireRole(context: RequestContext, role: Role): Viewer {
  const { viewer } = context;
  if (hasRole(viewer, role)) return viewer;
  if (viewer.role === Role.ANONYMOUS) throw unauthenticated(`${role} access needed`);
  throw forbidden(`needs the ${role} role, the caller has ${viewer.role}`);
}

/**
 * A write touches rows of some localities (the row's current one and its new one): an EDITOR
 * may write only inside the subtree of its scope, an ADMIN anywhere.
 */
export async function assertWritable(
  trx: Knex.Transaction | Knex,
  context: RequestContext,
  localityIds: (number | null | undefined)[],
): Promise<Viewer> {
  const viewer = requireRole(context, Role.EDITOR);
  if (viewer.role === Role.ADMIN) return viewer;
  if (!viewer.scopeCode) throw forbidden('an EDITOR needs a locality scope to write');
  const ids = [...new Set(localityIds)];
  if (ids.some((id) => id == null)) {
    throw forbidden(`rows without a locality are outside the scope ${viewer.scopeCode}`);
  }
  const inside: { id: number }[] = await trx('locality as t')
    .select('t.id')
    .whereIn('t.id', ids as number[])
    .whereExists(function scope() {
      this.select(trx.raw('1'))
        .from('locality as s')
        .where('s.code', viewer.scopeCode)
        .whereRaw(pathWithin('t', 's.path'));
    });
  if (inside.length !== ids.length) throw forbidden(`outside the scope ${viewer.scopeCode}`);
  return viewer;
}
