import type { Writable } from 'node:stream';
import type { ApolloServer } from '@apollo/server';
import type { MikroORM } from '@mikro-orm/postgresql';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import express, { type Request, type Response, type Router } from 'express';
import {
  getNamedType,
  isInputObjectType,
  isListType,
  getNullableType,
  GraphQLError,
  parse,
  typeFromAST,
  type GraphQLSchema,
  type GraphQLInputType,
  type OperationDefinitionNode,
} from 'graphql';
import { authenticatedViewer } from '../auth/authenticate.js';
import type { Viewer } from '../auth/viewer.js';
import { formatPlatformError } from '../common/error-handling.js';
import { RequestContext, type GraphQLContext } from '../common/context.js';
import { EXPORTS, type ExportColumn, type ExportDefinition } from './definitions.js';

const PAGE = 500;
const LANGUAGES = ['vi', 'en'] as const;
type Language = (typeof LANGUAGES)[number];

class BadParameter extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
    message: string,
  ) {
    super(message);
  }
}

/** A cell a spreadsheet would read as a formula starts with a quote instead. */
export function neutralise(value: unknown): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  const text =
    typeof value === 'object' ? JSON.stringify(value) : String(value as string | number | bigint);
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function at(row: unknown, path: string): unknown {
  let value = row;
  for (const key of path.split('.')) {
    if (value === null || value === undefined) return null;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Query-string values as the operation's variables, typed as it declares them. */
function variablesFrom(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  query: Request['query'],
  paged: boolean,
): Record<string, unknown> {
  const declared = new Map(
    (operation.variableDefinitions ?? []).map((definition) => [
      definition.variable.name.value,
      typeFromAST(schema, definition.type as never) as GraphQLInputType,
    ]),
  );
  const variables: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(query)) {
    if (name === 'lang') continue;
    if (!declared.has(name) || (paged && (name === 'first' || name === 'after'))) {
      throw new BadParameter(name, 'UNKNOWN', `Unknown parameter ${name}`);
    }
    if (typeof raw !== 'string') {
      throw new BadParameter(name, 'REPEATED', `Parameter ${name} must be given once`);
    }
    const type = getNullableType(declared.get(name)!);
    const named = getNamedType(type);
    const scalar = (text: string): unknown => {
      if (isInputObjectType(named)) {
        try {
          return JSON.parse(text);
        } catch {
          throw new BadParameter(name, 'NOT_JSON', `Parameter ${name} must be a JSON object`);
        }
      }
      if (named.name === 'Int' || named.name === 'Float') {
        if (!/^-?\d+(\.\d+)?$/.test(text)) {
          throw new BadParameter(name, 'NOT_A_NUMBER', `Parameter ${name} must be a number`);
        }
        return Number(text);
      }
      if (named.name === 'Boolean') {
        if (text !== 'true' && text !== 'false') {
          throw new BadParameter(name, 'NOT_A_BOOLEAN', `Parameter ${name} must be true or false`);
        }
        return text === 'true';
      }
      return text;
    };
    variables[name] = isListType(type)
      ? raw
          .split(',')
          .filter((item) => item !== '')
          .map(scalar)
      : scalar(raw);
  }
  return variables;
}

interface Sink {
  row(values: (string | number | boolean | null)[]): Promise<void>;
  end(): Promise<void>;
}

/** Resolves on `event` of `stream`, or as soon as the client has gone. */
function eventOrGone(stream: Writable, event: string, response: Response): Promise<void> {
  if (response.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      stream.off(event, done);
      response.off('close', done);
      resolve();
    };
    stream.on(event, done);
    response.on('close', done);
  });
}

async function writeTo(stream: Writable, chunk: unknown, response: Response): Promise<void> {
  if (!stream.write(chunk)) await eventOrGone(stream, 'drain', response);
}

function csvSink(response: Response, headers: string[]): Sink {
  const csv = stringify({
    bom: true,
    header: true,
    columns: headers,
    cast: { boolean: (b) => String(b) },
  });
  csv.pipe(response);
  return {
    row: (values) => writeTo(csv, values, response),
    end: async () => {
      const finished = eventOrGone(response, 'finish', response);
      csv.end();
      await finished;
    },
  };
}

function xlsxSink(response: Response, headers: string[], sheet: string): Sink {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: response,
    useStyles: false,
    useSharedStrings: false,
  });
  const worksheet = workbook.addWorksheet(sheet);
  worksheet.addRow(headers).commit();
  return {
    row: async (values) => {
      worksheet.addRow(values).commit();
      // The writer streams into the response; wait when the client reads slower than we write.
      if (response.writableNeedDrain) await eventOrGone(response, 'drain', response);
    },
    end: async () => {
      if (response.destroyed) return;
      worksheet.commit();
      await workbook.commit();
    },
  };
}

function refuse(response: Response, status: number, body: unknown): void {
  response.status(status).type('application/json').send(JSON.stringify(body));
}

/**
 * `GET /export/<name>.csv|.xlsx?…`: a dashboard aggregate or a list as a file. Each page is the
 * GraphQL operation run with the caller's own context, so authorization, masking, suppression
 * and perturbation are those of GraphQL.
 */
export function exportRoutes(
  apollo: ApolloServer<GraphQLContext>,
  orm: MikroORM,
  schema: GraphQLSchema,
  /** The platform's, as every GraphQL request gets them: an export discloses what GraphQL does. */
  disclosure: { smallCellThreshold: number; cellKeySecret: string },
): Router {
  const router = express.Router();
  const parsed = new Map<string, OperationDefinitionNode>();
  for (const [name, definition] of Object.entries(EXPORTS)) {
    parsed.set(name, parse(definition.query).definitions[0] as OperationDefinitionNode);
  }

  router.get('/:file', async (request: Request, response: Response) => {
    const [, name, format] = /^([a-z-]+)\.(csv|xlsx)$/.exec(request.params.file as string) ?? [];
    const definition: ExportDefinition | undefined = name ? EXPORTS[name] : undefined;
    if (!name || !format || !definition) {
      return refuse(response, 404, {
        error: {
          code: 'NOT_FOUND',
          message: `No such export; there are ${Object.keys(EXPORTS)
            .map((name) => `${name}.csv`)
            .join(', ')} (and .xlsx)`,
        },
      });
    }
    let variables: Record<string, unknown>;
    let language: Language;
    try {
      const lang = request.query.lang ?? 'vi';
      if (typeof lang !== 'string' || !LANGUAGES.includes(lang as Language)) {
        throw new BadParameter('lang', 'UNKNOWN_LANGUAGE', 'Parameter lang must be vi or en');
      }
      language = lang as Language;
      variables = variablesFrom(schema, parsed.get(name)!, request.query, !!definition.connection);
    } catch (error) {
      if (!(error instanceof BadParameter)) throw error;
      return refuse(response, 400, {
        error: {
          code: 'BAD_REQUEST',
          field: error.field,
          reason: error.reason,
          message: error.message,
        },
      });
    }

    let viewer: Viewer;
    try {
      viewer = authenticatedViewer(request);
    } catch (error) {
      // A bad credential is refused as /graphql refuses it.
      if (!(error instanceof GraphQLError)) throw error;
      const status = (error.extensions.http as { status?: number } | undefined)?.status ?? 401;
      return refuse(response, status, { errors: [formatPlatformError(error.toJSON(), error)] });
    }
    const run = async (pageVariables: Record<string, unknown>) => {
      const result = await apollo.executeOperation(
        { query: definition.query, variables: pageVariables },
        {
          contextValue: new RequestContext(
            orm.em.fork(),
            viewer,
            disclosure.smallCellThreshold,
            disclosure.cellKeySecret,
          ),
        },
      );
      if (result.body.kind !== 'single') throw new Error('an export is never incremental');
      return { status: result.http.status, ...result.body.singleResult };
    };
    const page = (cursor?: string) =>
      run(definition.connection ? { ...variables, first: PAGE, after: cursor } : variables);

    let result = await page();
    if (result.errors?.length || !result.data) {
      const status = result.status && result.status >= 400 ? result.status : 400;
      return refuse(response, status, { errors: result.errors });
    }

    const columns: ExportColumn[] = definition.columns;
    const headers = columns.map((column) => column[language]);
    response.setHeader('Content-Disposition', `attachment; filename="${name}.${format}"`);
    response.type(
      format === 'csv'
        ? 'text/csv; charset=utf-8'
        : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const sink = format === 'csv' ? csvSink(response, headers) : xlsxSink(response, headers, name);
    for (;;) {
      const list = at(result.data, definition.rows.join('.')) as
        Record<string, unknown> | unknown[];
      const rows = (
        definition.connection ? (list as { nodes: unknown[] }).nodes : list
      ) as unknown[];
      for (const row of rows) {
        // A client that has gone costs no further pages.
        if (response.destroyed) return;
        await sink.row(columns.map((column) => neutralise(at(row, column.path))));
      }
      const pageInfo = definition.connection
        ? (list as { pageInfo: { hasNextPage: boolean; endCursor: string | null } }).pageInfo
        : undefined;
      if (!pageInfo?.hasNextPage || !pageInfo.endCursor) break;
      result = await page(pageInfo.endCursor);
      if (result.errors?.length || !result.data) {
        // Headers are sent: a cut connection tells the client the file is incomplete.
        response.destroy(new Error('an export page failed'));
        return;
      }
    }
    await sink.end();
  });
  return router;
}
