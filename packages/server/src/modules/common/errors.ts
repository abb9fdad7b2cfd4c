import { GraphQLError } from 'graphql';

/**
 * A client error that names the argument or input field at fault and why, so a caller can
 * point at it without parsing the message.
 */
export function badUserInput(field: string, reason: string): GraphQLError {
  return new GraphQLError(`Invalid value for "${field}": ${reason}`, {
    extensions: { code: 'BAD_USER_INPUT', field, reason },
  });
}

/** A list filter given as `[]` would match nothing; say so instead of returning nothing. */
export function nonEmpty<T>(values: T[], field: string): T[] {
  if (values.length === 0) throw badUserInput(field, 'must list at least one value');
  return values;
}
