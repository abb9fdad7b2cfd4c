import { badUserInput, shown } from './errors.js';

/** Row ids are positive integers serialised as GraphQL IDs. */
export function parseId(id: string | number, field: string): number {
  const value = typeof id === 'number' ? id : Number(id);
  if (!Number.isSafeInteger(value) || value < 1 || String(value) !== String(id).trim()) {
    throw badUserInput(field, `${shown(id)} is not an id of this API`);
  }
  return value;
}
