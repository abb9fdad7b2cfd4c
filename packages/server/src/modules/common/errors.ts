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

/** Characters of a caller's value that an error repeats: enough to recognise it, and no more. */
const SHOWN_CHARACTERS = 40;

/**
 * A caller's value as an error message quotes it: cut after 40 characters, so that an error
 * never echoes a large input (500 references to one long id would otherwise answer a small
 * request with hundreds of megabytes).
 */
export function shown(value: unknown): string {
  const characters = Array.from(String(value).slice(0, SHOWN_CHARACTERS * 2));
  const text = characters.slice(0, SHOWN_CHARACTERS).join('');
  return `"${text}${String(value).length > text.length ? '…' : ''}"`;
}

/** A list filter given as `[]` would match nothing; say so instead of returning nothing. */
export function nonEmpty<T>(values: T[], field: string): T[] {
  if (values.length === 0) throw badUserInput(field, 'must list at least one value');
  return values;
}
