import { DateResolver } from 'graphql-scalars';

/** Calendar dates as `YYYY-MM-DD` strings, the form PostgreSQL `date` columns come back in. */
export const DateScalar = DateResolver;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** graphql-scalars parses a Date argument into a JS Date at UTC midnight; SQL wants the day. */
export function toIsoDate(value: Date | string): string {
  if (typeof value === 'string' && ISO_DATE.test(value)) return value;
  return (value instanceof Date ? value : new Date(value)).toISOString().slice(0, 10);
}
