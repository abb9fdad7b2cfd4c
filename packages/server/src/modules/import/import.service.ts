import { metrics } from '../observability/metrics.js';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Knex } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  ACTOR,
  DEFAULT_MAX_LENGTH,
  EVENT,
  IMPORT_KINDS,
  NOTE,
  type ImportKindName,
  type ImportKindSpec,
  type RowCheck,
} from './import.kinds.js';
import { pathWithin } from '../common/subtree.js';
import { invalidInput } from '../common/write-kit.js';
import { dropByteOrderMark } from './byte-order-mark.js';
import { EndOfDataMarker, refuseEndOfDataMarker } from './end-marker.js';

export interface ImportProblem {
  line: number;
  column: string;
  value: string | null;
  reason: string;
}

export interface ImportReport {
  kind: ImportKindName;
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
  /** Approved rows whose figures the import changed, so that they went back to DRAFT. */
  reopened: number;
  /** Rows the import submitted for approval (with `submit`). */
  submitted: number;
  /** The approval state new and changed rows were written in; null for kinds without approval. */
  writtenAs: 'DRAFT' | 'SUBMITTED' | null;
  /** False when the file was rejected: then nothing was written. */
  applied: boolean;
  /** Every problem found, in line order (the first `PROBLEM_LIST_LIMIT` when there are more). */
  problems: ImportProblem[];
  problemCount: number;
  seconds: number;
}

export const PROBLEM_LIST_LIMIT = 10_000;

/** Applying a file found two of its lines naming one key (see `ImportKindSpec.repeats`). */
class RepeatedKey extends Error {}

/** Per sort or hash of one import; a session runs one at a time. */
const IMPORT_WORK_MEM = '128MB';

export interface ImportOptions {
  kind: ImportKindName;
  input: Readable;
  /** Who to record in the audit trail. */
  actor: string;
  /** An EDITOR's scope: every row must lie in this locality's subtree. */
  scopeCode?: string | null;
  /** Where the rows come from when a row names no source. */
  source: string;
  /** Submit for approval what the import writes (kinds that go through approval only). */
  submit?: boolean;
  onProgress?: (bytes: number) => void;
}

/**
 * Applies a CSV file all or nothing. The file streams into a temporary table with COPY (memory
 * stays flat whatever its size), every check runs as SQL over the staged rows, and only a file
 * without a single problem is upserted on its natural keys, so a re-import changes nothing.
 */
export async function importCsv(knex: Knex, options: ImportOptions): Promise<ImportReport> {
  const spec: ImportKindSpec = IMPORT_KINDS[options.kind];
  if (options.submit && !spec.submit) {
    throw invalidInput([
      {
        field: 'submit',
        reason: `${options.kind} do not go through approval; only indicator values do`,
      },
    ]);
  }
  const started = performance.now();
  const client = (await knex.client.acquireConnection()) as pg.PoolClient;
  const report = (fields: Partial<ImportReport>): ImportReport => ({
    kind: options.kind,
    rows: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    reopened: 0,
    submitted: 0,
    writtenAs: spec.writtenAs ? (options.submit ? 'SUBMITTED' : spec.writtenAs) : null,
    applied: false,
    problems: [],
    problemCount: 0,
    ...fields,
    seconds: (performance.now() - started) / 1000,
  });
  try {
    await client.query('begin');
    await client.query('set local statement_timeout = 0');
    // The checks group and the insert sorts a whole file; in memory that is several times faster.
    await client.query(`set local work_mem = '${IMPORT_WORK_MEM}'`);
    // A whole file's estimates make the server compile its expressions to machine code, which
    // costs more than these single passes gain from it.
    await client.query('set local jit = off');
    const columns = spec.columns.join(', ');
    await client.query(
      `create temp table staging (line bigint generated always as identity (start with 2), ${spec.columns
        .map((column) => `${column} text`)
        .join(', ')}) on commit drop`,
    );
    let bytes = 0;
    const progress = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        options.onProgress?.(bytes);
        done(null, chunk);
      },
    });
    const copy = client.query(
      copyFrom(
        `copy staging (${columns}) from stdin with (format csv, header match, encoding 'UTF8')`,
      ),
    );
    try {
      await pipeline(options.input, progress, dropByteOrderMark(), refuseEndOfDataMarker(), copy);
    } catch (error) {
      await client.query('rollback');
      const problem =
        error instanceof EndOfDataMarker
          ? {
              line: error.line,
              column: 'row',
              value: '\\.',
              reason: 'a line holding only \\. would end the data early; write it quoted, as "\\."',
            }
          : copyProblem(error, spec.columns);
      return report({ problems: [problem], problemCount: 1 });
    }
    const rows = copy.rowCount;
    if (spec.lock) await client.query(spec.lock);

    const rowChecks: RowCheck[] = [
      ...spec.required.map((column) => ({
        column,
        reason: `'is required'`,
        condition: `coalesce(s.${column}, '') = ''`,
      })),
      ...spec.columns.map((column) => {
        const max = spec.maxLengths[column] ?? DEFAULT_MAX_LENGTH;
        return {
          column,
          reason: `'must be at most ${max} characters'`,
          condition: `length(s.${column}) > ${max}`,
        };
      }),
      ...spec.checks.filter((check): check is RowCheck => typeof check !== 'string'),
    ];
    const typedQuery = withStagedText(spec).replace(
      '$source',
      client.escapeLiteral(options.source),
    );
    await client.query(
      `create temp table typed on commit drop as ${await flagBrokenRows(client, typedQuery, spec, rowChecks)}`,
    );
    await client.query('analyze staging; analyze typed');
    const checks = [
      rowProblems(rowChecks),
      ...spec.checks.filter((check): check is string => typeof check === 'string'),
    ];
    if (options.scopeCode) {
      // The scope rule, for the current record a row would change as well as for its new values.
      const scopeCode = client.escapeLiteral(options.scopeCode);
      for (const rule of spec.scope) {
        checks.push(
          `select t.line, '${rule.column}', s.${rule.column},
                  ${rule.reason ?? client.escapeLiteral(`is outside the scope ${options.scopeCode}`)}
             from typed t join staging s using (line)
            where (${rule.when ?? 'true'})
              and not exists (select 1 from locality l join locality scope on scope.code = ${scopeCode}
                               where l.id = ${rule.locality} and ${pathWithin('l', 'scope.path')})`,
        );
      }
    }
    const problemsIn = async (sqls: string[]): Promise<ImportReport | null> => {
      const found = `(${sqls.map((check) => `(${check})`).join(' union all ')}) as problem(line, col, value, reason)`;
      const { rows: problemRows } = await client.query(
        // A value is echoed up to the default limit: an overlong one would swell the report.
        `select line, col, case when length(value) > ${DEFAULT_MAX_LENGTH} then left(value, ${DEFAULT_MAX_LENGTH}) || '…' else value end as value,
                reason, count(*) over () as total
           from ${found} order by line, col limit ${PROBLEM_LIST_LIMIT}`,
      );
      if (problemRows.length === 0) return null;
      return report({
        rows,
        problemCount: Number(problemRows[0].total),
        problems: problemRows.map((row) => ({
          line: Number(row.line),
          column: row.col,
          value: row.value,
          reason: row.reason,
        })),
      });
    };
    const rejected = await problemsIn(checks);
    if (rejected) {
      const everyProblem = spec.repeats
        ? await problemsIn([...checks, spec.repeats.check])
        : rejected;
      await client.query('rollback');
      return everyProblem ?? rejected;
    }

    // Rows the import inserts name this event; rows it updates get their own before/after
    // events that name it in their note.
    const event = Number(
      (
        await client.query(
          `insert into audit_event (entity, entity_id, action, actor) values ($1, 0, 'IMPORT', $2) returning id`,
          [options.kind, options.actor],
        )
      ).rows[0].id,
    );
    const tokens: Record<string, string> = {
      [EVENT]: String(event),
      [ACTOR]: client.escapeLiteral(options.actor),
      [NOTE]: client.escapeLiteral(`import ${event}`),
    };
    let inserted = 0;
    let updated = 0;
    let reopened = 0;
    let submitted = 0;
    const statements = [...spec.apply];
    if (options.submit) statements.push({ sql: spec.submit!, counts: undefined });
    if (spec.repeats) await client.query('savepoint apply');
    try {
      for (const [index, statement] of statements.entries()) {
        const sql = statement.sql.replace(
          /\$(event|actor|note)\b/g,
          (token) => tokens[token] ?? token,
        );
        const result = await client.query(sql);
        if (options.submit && index === statements.length - 1) submitted = result.rowCount ?? 0;
        if (statement.counts === 'repeats' && (result.rowCount ?? 0) > 0)
          throw new RepeatedKey(`the ${options.kind} file repeats a key`);
        if (statement.counts === 'reopened') reopened += Number(result.rows[0].reopened);
        if (statement.counts === 'inserted') inserted += result.rowCount ?? 0;
        if (statement.counts === 'updated') updated += result.rowCount ?? 0;
        if (statement.counts === 'totals') {
          inserted += Number(result.rows[0].inserted);
          updated += Number(result.rows[0].updated);
        }
      }
    } catch (error) {
      if (!spec.repeats) throw error;
      const constraint = (error as { constraint?: string }).constraint;
      if (constraint !== spec.repeats.constraint && !(error instanceof RepeatedKey)) throw error;
      // The lines that repeat a key, reported as every other problem (nothing was written). A
      // key another transaction committed meanwhile is not the file's: its error stands.
      await client.query('rollback to savepoint apply');
      const repeated = await problemsIn([spec.repeats.check]);
      if (!repeated) throw error;
      await client.query('rollback');
      return repeated;
    }
    const summary = report({ rows, inserted, updated, applied: true });
    summary.unchanged = Math.max(0, rows - inserted - updated);
    summary.reopened = reopened;
    summary.submitted = submitted;
    if (inserted + updated > 0) {
      await client.query(`update audit_event set after = $2, note = $3 where id = $1`, [
        event,
        JSON.stringify({ rows, inserted, updated }),
        `import ${event}`,
      ]);
    } else {
      await client.query(`delete from audit_event where id = $1`, [event]);
    }
    await client.query('commit');
    metrics.rowsImported(options.kind, inserted + updated);
    return summary;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    await knex.client.releaseConnection(client);
  }
}

/** Whether a typed row breaks a row check: set as `typed` is built, while the row is at hand. */
const BROKEN = 'breaks_a_row_check';

/**
 * Spells out the problems of the rows flagged `BROKEN`: a clean file costs no pass at all (the
 * join of its staged and typed rows, 2–4 s for two million, only runs over flagged rows).
 */
function rowProblems(checks: RowCheck[]): string {
  const problems = checks.map(
    (check) => `('${check.column}', s.${check.column}, ${check.condition}, ${check.reason})`,
  );
  return `select s.line, p.col, p.value, p.reason
    from typed t join staging s using (line)
    cross join lateral (values ${problems.join(', ')}) as p(col, value, broken, reason)
   where t.${BROKEN} and p.broken`;
}

/** Each staged column's name beside the typed values, while `typed` is built. */
const stagedName = (column: string) => `staged_${column}`;

/** The kind's `typed` query, with each row's staged text after its line. */
function withStagedText(spec: ImportKindSpec): string {
  const start = /^\s*select s\.line,/;
  if (!start.test(spec.typed))
    throw new Error("an import kind's typed query must begin `select s.line,`");
  const staged = spec.columns.map((column) => `s.${column} as ${stagedName(column)}`).join(', ');
  return spec.typed.replace(start, `select s.line, ${staged},`);
}

/**
 * `typed`: the typed values of each row and whether it breaks any row check, found in the same
 * pass. The staged text the checks read is left out of the table, which stays as narrow as the
 * typed values: the statements after it read it whole.
 */
async function flagBrokenRows(
  client: pg.PoolClient,
  typedQuery: string,
  spec: ImportKindSpec,
  checks: RowCheck[],
): Promise<string> {
  const staged = new Set(spec.columns.map(stagedName));
  const { fields } = await client.query(`select * from (${typedQuery}) t limit 0`);
  const typedColumns = fields.map((field) => field.name).filter((name) => !staged.has(name));
  const stagedText = spec.columns.map((column) => `t.${stagedName(column)} as ${column}`);
  // `offset 0` keeps each typed value computed once, not again in every check naming it; the
  // lateral projection only renames `t`'s columns, and is flattened: no join.
  return `select ${typedColumns.map((column) => `t.${column}`).join(', ')},
      coalesce(${checks.map((check) => `(${check.condition})`).join(' or ')}, false) as ${BROKEN}
    from (${typedQuery} offset 0) t cross join lateral (select t.line, ${stagedText.join(', ')}) s`;
}

/** What PostgreSQL's COPY reports about a file, said in the platform's words. */
const COPY_PROBLEMS: [RegExp, string][] = [
  [/extra data after last expected column/, 'more fields than the header'],
  [/missing data for column/, 'fewer fields than the header'],
  [/unterminated CSV quoted field/, 'a quoted field is not closed'],
  [/invalid byte sequence|character with byte sequence/, 'not UTF-8 text, or a NUL character'],
  [/literal (carriage return|newline) found in data/, 'a line break inside an unquoted field'],
];

/** A file COPY could not read: wrong header, wrong number of fields, bad encoding. */
function copyProblem(error: unknown, columns: string[]): ImportProblem {
  const pgError = error as { message?: string; where?: string };
  const line = Number(/line (\d+)/.exec(pgError.where ?? '')?.[1] ?? 1);
  const message = pgError.message ?? '';
  const headerMismatch = /header|column name mismatch/i.test(message);
  // The reason is ours: the server's own wording stays out of responses.
  const known = COPY_PROBLEMS.find(([pattern]) => pattern.test(message));
  return {
    line,
    column: headerMismatch ? 'header' : 'row',
    value: null,
    reason: headerMismatch
      ? `the header must be: ${columns.join(',')}`
      : `cannot be read as CSV${known ? `: ${known[1]}` : ''}`,
  };
}
