import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { Knex } from '@mikro-orm/postgresql';
import {
  Authorized,
  Extensions,
  UseMiddleware,
  type AuthCheckerFn,
  type MiddlewareFn,
} from 'type-graphql';
import { RequestContext } from '../common/context.js';
import { hasRole, Role, type Viewer } from './viewer.js';
import { Scope, targetsInScope, type ScopeTargets } from './scope.js';
import { personalDataKnown, personalDataVisible } from './personal-data.js';

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

/** The field extension naming the role a query, mutation or field requires. */
export const REQUIRED_ROLE = 'requiredRole';
/** The field extension marking a personal field (masked outside the caller's scope). */
export const PERSONAL_FIELD = 'personal';

/**
 * Declares the least role a query, mutation or field needs; type-graphql checks it through
 * `authChecker` before the resolver runs, so a refused caller causes no SQL at all.
 */
export function Allow(role: Role): MethodDecorator & PropertyDecorator {
  return (target: object, key: string | symbol, descriptor?: PropertyDescriptor) => {
    Authorized(role)(target, key, descriptor as never);
    Extensions({ [REQUIRED_ROLE]: role })(target, key, descriptor as never);
  };
}

/** Checks the role declared by `@Allow`; refusals name the role. */
export const authChecker: AuthCheckerFn<RequestContext, Role> = ({ context }, roles) => {
  for (const role of roles) requireRole(context, role);
  return true;
};

/**
 * An official's personal field: null for callers who may not see this official's personal data
 * (the scope rule), however the query reaches it.
 */
export function Personal(): MethodDecorator {
  return (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
    const resolve = descriptor.value as (...args: unknown[]) => unknown;
    const field = `${target.constructor.name}.${String(key)}`;
    // The resolver takes (root, context, …): visibility is decided once per official and batch,
    // and once decided the field answers synchronously, with no middleware chain per value.
    descriptor.value = function maskedOutsideScope(
      this: unknown,
      root: { id: number },
      context: RequestContext,
      ...rest: unknown[]
    ) {
      if (!(context instanceof RequestContext)) {
        throw new Error(`@Personal resolver ${field} must take (@Root, @Ctx) first`);
      }
      const known = personalDataKnown(context, root.id);
      if (known === true) return resolve.call(this, root, context, ...rest);
      if (known === false) return null;
      return personalDataVisible(context, root.id).then((visible) =>
        visible ? resolve.call(this, root, context, ...rest) : null,
      );
    };
    Extensions({ [PERSONAL_FIELD]: true })(target, key, descriptor);
  };
}

/**
 * Fails closed: a schema whose mutation declares no role is refused at start-up, so a new
 * mutation cannot be open by omission.
 */
export function assertEveryMutationDeclaresRole(schema: GraphQLSchema): GraphQLSchema {
  const open = Object.values(schema.getMutationType()?.getFields() ?? {})
    .filter((field) => !field.extensions?.[REQUIRED_ROLE])
    .map((field) => field.name);
  if (open.length > 0) {
    throw new Error(`Mutations without @Allow(role): ${open.join(', ')}`);
  }
  return schema;
}

export function scopeOf(context: RequestContext): Scope {
  return new Scope(context.viewer);
}

/** The field extension marking a list whose rows are people (officials or their enrolments). */
export const PEOPLE_LIST = 'peopleList';

/**
 * Rows that are people are personal data: only callers with personal access (an ADMIN, or an
 * EDITOR with a locality scope) may list them, and then only the people of their scope. Anyone
 * else is refused, so that no count of people is exact over people the caller may not see.
 */
export function requirePersonalAccess(context: RequestContext, what: string): Scope {
  const scope = scopeOf(context);
  if (!scope.empty) return scope;
  const reason = `${what} are personal data and need personal access (an EDITOR with a locality scope, or an ADMIN)`;
  if (context.viewer.role === Role.ANONYMOUS) throw unauthenticated(reason);
  throw forbidden(reason);
}

/**
 * Declares a query or field that lists people (`what`, e.g. "lists of officials"): refused,
 * before the resolver runs, to callers without personal access. Its resolver confines the rows
 * to the caller's scope.
 */
export function PeopleList(what: string): MethodDecorator {
  return (target: object, key: string | symbol, descriptor: PropertyDescriptor) => {
    const refuseWithoutPersonalAccess: MiddlewareFn<RequestContext> = ({ context }, next) => {
      requirePersonalAccess(context, what);
      return next();
    };
    UseMiddleware(refuseWithoutPersonalAccess)(target, key, descriptor);
    Extensions({ [REQUIRED_ROLE]: Role.EDITOR, [PEOPLE_LIST]: true })(target, key, descriptor);
  };
}

/**
 * A write touches rows placed by localities and officials (the row's current ones and its new
 * ones): an EDITOR may write only inside its scope, an ADMIN anywhere.
 */
export async function assertWritable(
  trx: Knex.Transaction | Knex,
  context: RequestContext,
  targets: ScopeTargets,
): Promise<Viewer> {
  const viewer = requireRole(context, Role.EDITOR);
  const scope = scopeOf(context);
  if (scope.empty) throw forbidden('an EDITOR needs a locality scope to write');
  if (!(await targetsInScope(trx, scope, targets))) {
    throw forbidden(`outside the scope ${viewer.scopeCode}`);
  }
  return viewer;
}

/**
 * The answer for a row a caller may not write, and for a row that does not exist: one answer,
 * so that an out-of-scope caller cannot tell them apart.
 */
export function notFoundInScope(entity: string, id: number): GraphQLError {
  return new GraphQLError(`No ${entity} with the id ${id} is within your reach`, {
    extensions: { code: 'NOT_FOUND', field: 'id', reason: 'not found' },
  });
}
