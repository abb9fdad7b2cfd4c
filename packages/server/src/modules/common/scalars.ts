import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/** The days a Date may name: wide enough for birth years and plans, narrow enough for SQL. */
export const EARLIEST_DATE = '1900-01-01';
export const LATEST_DATE = '2199-12-31';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const DATE_REASON = `must be a calendar day written YYYY-MM-DD, from ${EARLIEST_DATE} to ${LATEST_DATE}`;

/**
 * The Date scalar's refusal. A plain Error, not a GraphQLError, so that GraphQL attaches the
 * offending node and the request can name the field; its extensions carry through.
 */
export class InvalidDateError extends Error {
  readonly extensions = { code: 'BAD_USER_INPUT', reason: DATE_REASON };

  constructor(value: unknown) {
    const shown = typeof value === 'string' ? `"${value.slice(0, 40)}"` : 'a value of another type';
    super(`Date ${DATE_REASON}, got ${shown}`);
  }
}

/** The UTC midnight of `value` when it names a real day in range, else null. */
function parseCalendarDay(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const match = ISO_DATE.exec(value);
  if (!match) return null;
  if (value < EARLIEST_DATE || value > LATEST_DATE) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2023-02-30 over to March; a real day comes back unchanged.
  const real =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? date : null;
}

/**
 * Calendar dates as `YYYY-MM-DD`. Only real days from 1900-01-01 to 2199-12-31 are accepted
 * (no 2023-02-30, no year 0), so nothing the database would refuse or misread gets through.
 */
export const DateScalar = new GraphQLScalarType<Date, string>({
  name: 'Date',
  description: `A calendar day written YYYY-MM-DD (ISO 8601 full-date), such as 2023-12-31; input must be a real day from ${EARLIEST_DATE} to ${LATEST_DATE}.`,
  serialize(value) {
    if (value instanceof Date && !Number.isNaN(value.getTime()))
      return value.toISOString().slice(0, 10);
    if (typeof value === 'string' && ISO_DATE.test(value)) return value;
    throw new GraphQLError('Date cannot represent this value');
  },
  parseValue(value) {
    const day = parseCalendarDay(value);
    if (!day) throw new InvalidDateError(value);
    return day;
  },
  parseLiteral(node) {
    const value = node.kind === Kind.STRING ? node.value : undefined;
    const day = parseCalendarDay(value);
    if (!day) throw new InvalidDateError(value);
    return day;
  },
});

/** A Date argument arrives as a JS Date at UTC midnight; SQL wants the day. */
export function toIsoDate(value: Date | string): string {
  if (typeof value === 'string' && ISO_DATE.test(value)) return value;
  return (value instanceof Date ? value : new Date(value)).toISOString().slice(0, 10);
}
