import { log } from '../observability/log.js';
import { metrics } from '../observability/metrics.js';
import { createHash } from 'node:crypto';
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import type { Request, RequestHandler } from 'express';
import { LRUCache } from 'lru-cache';
import {
  BREAK,
  getNamedType,
  isObjectType,
  Kind,
  printSchema,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { authenticatedViewer } from '../auth/authenticate.js';
import type { Viewer } from '../auth/viewer.js';
import { AGGREGATE_MAX_AGE, carriesCredentials } from '../common/cache-control.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { GraphQLContext } from '../common/context.js';
import { MAX_INPUT_NESTING, nestsDeeperThan } from '../common/input-rules.js';
import { toIsoDate } from '../common/scalars.js';
import type { HeldResponse, ResponseStore } from './response-store.js';

/**
 * The queries whose answers are cached, and the data domains each reads (see the migration
 * DataGenerations: every write to a domain's tables draws a new generation for it).
 */
export const CACHED_QUERIES: Record<string, readonly string[]> = {
  indicatorAttainment: ['indicators', 'localities'],
  keyLeaderCoverage: ['people', 'localities'],
  officialsBreakdown: ['people', 'localities'],
  trainingParticipation: ['training', 'people', 'localities'],
  indicatorSeries: ['indicators', 'localities'],
  indicatorRollup: ['indicators', 'localities'],
};

/**
 * The data domains each object type of the answer is read from. Aggregate result types read
 * nothing beyond their root field's domains. A type missing here (tasks, the audit trail, import
 * reports) is never cached: no write to its tables moves a generation.
 */
export const TYPE_DOMAINS: Record<string, readonly string[]> = {
  ...Object.fromEntries(
    [
      'PageInfo',
      'IndicatorAttainment',
      'IndicatorAttainmentRow',
      'GoalAttainment',
      'KeyLeaderCoverage',
      'OfficialsBreakdown',
      'OfficialGroup',
      'TrainingParticipation',
      'TrainingGroup',
      'IndicatorSeries',
      'SeriesPoint',
      'PredecessorValue',
      'IndicatorRollup',
      // Fixed text, read from no table.
      'EnumLabels',
      'EnumValueLabel',
    ].map((type) => [type, []]),
  ),
  ...domainOf(
    ['Locality', 'LocalityConnection', 'LocalityEdge', 'LocalitySuccession'],
    'localities',
  ),
  ...domainOf(['Official', 'OfficialConnection', 'OfficialEdge', 'Position'], 'people', [
    'Agency',
    'AgencyConnection',
    'AgencyEdge',
  ]),
  ...domainOf(['TrainingProgram', 'TrainingProgramConnection', 'TrainingProgramEdge'], 'training', [
    'Enrollment',
    'EnrollmentConnection',
    'EnrollmentEdge',
  ]),
  ...domainOf(
    ['Strategy', 'Goal', 'Plan', 'Indicator', 'IndicatorConnection', 'IndicatorEdge'],
    'indicators',
    ['IndicatorTarget', 'IndicatorValue', 'IndicatorValueConnection', 'IndicatorValueEdge'],
  ),
};

/** Object types whose answers are never kept: no generation follows their tables. */
export const NEVER_CACHED_TYPES = [
  'Query',
  'Mutation',
  'Task',
  'TaskConnection',
  'TaskEdge',
  'AuditEvent',
  'AuditEventConnection',
  'AuditEventEdge',
  'ImportProblemType',
  'ImportReportType',
  'ReviewReport',
];

function domainOf(types: string[], domain: string, more: string[] = []) {
  return Object.fromEntries([...types, ...more].map((type) => [type, [domain]]));
}

/**
 * The domains an answer reads, when every root field is a cached query and every object type
 * the selection reaches, at any depth and through fragments, has known domains; null otherwise.
 */
export function cachedDomains(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode | undefined,
): string[] | null {
  if (!operation || operation.operation !== 'query') return null;
  const domains = new Set<string>();
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return null;
    const name = selection.name.value;
    if (name === '__typename') continue;
    const read = CACHED_QUERIES[name];
    if (!read) return null;
    for (const domain of read) domains.add(domain);
  }
  if (domains.size === 0) return null;
  // The whole document, fragments included: a type reached anywhere counts.
  const typeInfo = new TypeInfo(schema);
  let known = true;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const type = typeInfo.getType();
        const named = type ? getNamedType(type) : undefined;
        if (!named || !isObjectType(named) || named === schema.getQueryType()) return;
        const read = TYPE_DOMAINS[named.name];
        if (!read) {
          known = false;
          return BREAK;
        }
        for (const domain of read) domains.add(domain);
      },
    }),
  );
  return known ? [...domains].sort() : null;
}

/** The limits a request is checked against before it is answered; they are part of every key. */
export interface CheckedLimits {
  maxDepth: number;
  maxAliases: number;
  maxTokens: number;
  maxCost: number;
}

/** What a request asks, as both paths to the cache see it. */
export interface AskedAnswer {
  /** The SHA-256 of the document's text, in hex (Apollo's query hash). */
  queryHash: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
  viewer: Viewer;
}

/** A document known to be cached: the domains it reads and its operation's name for the log. */
interface KnownDocument {
  domains: string[];
  operation: string | undefined;
}

/** Longest document text a repeat is looked up for before Apollo; longer ones take Apollo's path. */
const FAST_PATH_MAX_QUERY_LENGTH = 32 * 1024;

/** The response types Apollo chooses between for a single result, in its order of preference. */
const SINGLE_RESULT_TYPES = [
  'application/json; charset=utf-8',
  'application/graphql-response+json; charset=utf-8',
  'application/json; callbackSpec=1.0; charset=utf-8',
];

/**
 * A server-side cache of aggregate answers (the queries in CACHED_QUERIES), in memory and, when
 * configured, in Redis shared by the instances.
 *
 * An answer is kept under a key of everything that can change it (`keyOf`, the one definition):
 * - the document (its hash), the operation name and the variables;
 * - the caller's visibility class, as authenticated (role and locality scope), never a header;
 * - the current generation of every data domain the operation reads, read from PostgreSQL before
 *   the answer is computed: a committed write moves the generation on, so no answer computed
 *   before it is found again (see the migration DataGenerations);
 * - the day (today's date is the default of `asOf`), the database, the schema, the disclosure
 *   settings (cell key secret, small-cell threshold) and the query limits the answer passed.
 * Only complete answers without errors whose cache policy allows keeping them are kept, for their
 * `maxAge`; a hit answers with what is left of it.
 *
 * Two paths read it. Apollo's plugin (`plugin`) computes and keeps answers, and answers repeats
 * that reach it. `answerRepeats` answers a repeat before Apollo: for a document the plugin has
 * already seen to be cached, the same key is computed from the authenticated caller and the raw
 * request, and a hit is sent as the stored bytes. A key only exists for an exact request (document,
 * operation, variables, caller's class, limits) that Apollo parsed, validated, checked against the
 * limits and answered without errors, so skipping those steps for it skips nothing it could fail.
 */
export class ResponseCache {
  private readonly settings: string;
  /** Documents seen to be cached, by query hash and requested operation name. */
  private readonly documents = new LRUCache<string, KnownDocument>({ max: 2000 });

  constructor(
    private readonly store: ResponseStore,
    schema: GraphQLSchema,
    /** The primary's EntityManager: generations for the fast path, and folding. */
    private readonly primary: EntityManager,
    limits: CheckedLimits,
    /**
     * Part of every key: an instance with a higher threshold, or another record key secret,
     * never serves another's cells.
     */
    disclosure: { smallCellThreshold: number; cellKeySecret: string },
    /** Behind a pooler in transaction mode, which cannot keep a prepared statement. */
    private readonly transactionPooling = false,
  ) {
    this.settings = checkedSettings(schema, limits, disclosure);
  }

  /** The key of an answer: the one definition of what changes it, for both paths. */
  private keyOf(rows: GenerationRow[], asked: AskedAnswer): string {
    return digest(
      JSON.stringify([
        this.settings,
        rows[0]?.database ?? '',
        rows.map(({ domain, generation }) => `${domain}:${generation}`),
        ...askedKey(asked),
      ]),
    );
  }

  /**
   * The generations of `domains` (sorted) from `rows`, or null when one is missing: a domain
   * without a generation could never be seen to change, so nothing is kept or served for it.
   */
  private generationsOf(rows: GenerationRow[], domains: string[]): GenerationRow[] | null {
    const pending = rows.reduce((sum, row) => sum + Number(row.pending), 0);
    if (pending >= FOLD_AFTER_CHANGES) fold({ primary: this.primary });
    const read = rows.filter(({ domain }) => domains.includes(domain));
    return read.length === domains.length ? read : null;
  }

  /** Apollo's side: computes and keeps answers, answers the repeats that reach it. */
  plugin(): ApolloServerPlugin<GraphQLContext> {
    const { store, documents } = this;
    const keyOf = this.keyOf.bind(this);
    const generationsOf = this.generationsOf.bind(this);
    return {
      async requestDidStart() {
        if (!store.enabled) return;
        let key: string | null = null;
        let computedAt = 0;
        return {
          async responseForOperation(requestContext) {
            const domains = cachedDomains(
              requestContext.schema,
              requestContext.document,
              requestContext.operation,
            );
            const { contextValue: context, request, queryHash } = requestContext;
            if (!domains || !queryHash) return null;
            documents.set(documentKey(queryHash, request.operationName), {
              domains,
              operation: requestContext.operationName ?? requestContext.operation?.operation,
            });
            let rows: GenerationRow[] | null;
            try {
              // The request's own server, so that the key and the answer come from one place.
              rows = await context.em.getConnection().execute<GenerationRow[]>(GENERATIONS_SQL);
            } catch {
              // Without generations nothing can be known fresh: the answer is computed, not kept.
              return null;
            }
            rows = generationsOf(rows, domains);
            if (!rows) return null;
            key = keyOf(rows, {
              queryHash,
              operationName: request.operationName,
              variables: request.variables,
              viewer: context.viewer,
            });
            const hit = await store.get(key);
            computedAt = Date.now();
            metrics.cacheLookup('response', hit !== undefined);
            if (!hit) return null;
            key = null;
            // The Cache-Control header says what the computed answer said, with its age taken off.
            if (hit.scope !== null) {
              requestContext.overallCachePolicy.restrict({
                maxAge: store.remainingSeconds(hit),
                scope: hit.scope,
              });
            }
            return {
              http: { status: undefined, headers: new HeaderMap() },
              body: { kind: 'single', singleResult: { data: hit.data } },
            };
          },
          async willSendResponse(requestContext) {
            if (key === null) return;
            const { response } = requestContext;
            if (response.body.kind !== 'single') return;
            const { data, errors } = response.body.singleResult;
            if (errors?.length || !data) return;
            if (response.http.status !== undefined && response.http.status !== 200) return;
            // Apollo works out no policy for a request restricted before execution (credentialed
            // ones are private from the start); the aggregates' own maxAge holds for them.
            const { maxAge } = requestContext.overallCachePolicy;
            if (maxAge === 0) return;
            const policy = requestContext.overallCachePolicy.policyIfCacheable();
            await store.set(key, {
              data,
              scope: policy?.scope ?? null,
              // Its age counts from before it was computed, not from when it was done.
              storedAt: computedAt,
              maxAge: Math.min(AGGREGATE_MAX_AGE, maxAge ?? AGGREGATE_MAX_AGE),
            });
          },
        };
      },
    };
  }

  /**
   * Express's side, after authentication, the rate limits and the JSON body: answers a repeat
   * of a cached document with the bytes Apollo would send, without Apollo. Anything it does not
   * recognise as a plain repeat (GET, persisted queries, extensions, an Accept Apollo would refuse,
   * an authentication failure, an unknown document, a miss, a database error) goes on to Apollo,
   * which answers it as before. `named` gives the request's log line its operation.
   */
  answerRepeats(named: (request: Request, operation: string | undefined) => void): RequestHandler {
    return (request, response, next) => {
      if (!this.store.enabled) return next();
      const repeat = plainRepeat(request);
      if (!repeat) return next();
      const { asked, type, viewer } = repeat;
      const queryHash = digest(asked.query);
      const known = this.documents.get(documentKey(queryHash, asked.operationName));
      if (!known) return next();
      this.lookup(known, { ...asked, queryHash, viewer })
        .then((hit) => {
          if (!hit) return next();
          metrics.cacheLookup('response', true);
          named(request, known.operation);
          const credentialed = carriesCredentials((name) => request.headers[name]);
          response.status(200);
          response.setHeader('content-type', type);
          response.setHeader('cache-control', this.cacheControl(hit, credentialed));
          response.send(hit.body);
        })
        .catch(next);
    };
  }

  /** The stored answer under the request's key, or undefined: a miss, or no generations. */
  private async lookup(
    known: KnownDocument,
    asked: AskedAnswer,
  ): Promise<HeldResponse | undefined> {
    let rows: GenerationRow[] | null;
    try {
      rows = await readGenerations(this.primary, !this.transactionPooling);
    } catch {
      return undefined;
    }
    rows = this.generationsOf(rows, known.domains);
    if (!rows) return undefined;
    return this.store.get(this.keyOf(rows, asked));
  }

  /** What Apollo's cache-control plugin writes for a hit: see `plugin` and callerAwareCachePolicy. */
  private cacheControl(hit: HeldResponse, credentialed: boolean): string {
    const maxAge = this.store.remainingSeconds(hit);
    if (hit.scope === null || maxAge <= 0) return 'no-store';
    const scope = credentialed || hit.scope === 'PRIVATE' ? 'private' : 'public';
    return `max-age=${maxAge}, ${scope}`;
  }
}

/**
 * The settings an answer depends on besides the request: the schema, the disclosure settings and
 * the query limits it passed.
 */
export function checkedSettings(
  schema: GraphQLSchema,
  limits: CheckedLimits,
  disclosure: { smallCellThreshold: number; cellKeySecret: string },
): string {
  return digest(
    JSON.stringify([
      printSchema(schema),
      disclosure.cellKeySecret,
      disclosure.smallCellThreshold,
      [limits.maxDepth, limits.maxAliases, limits.maxTokens, limits.maxCost],
    ]),
  );
}

/**
 * What a request asks that changes its answer: the day (the default of dates such as `asOf`),
 * the caller's visibility class as authenticated (role and locality scope), the document, the
 * operation name and the variables.
 */
export function askedKey(asked: AskedAnswer): unknown[] {
  return [
    toIsoDate(new Date()),
    asked.viewer.role,
    asked.viewer.scopeCode,
    asked.queryHash,
    asked.operationName ?? null,
    canonicalJson(asked.variables ?? {}),
  ];
}

function documentKey(queryHash: string, operationName: string | null | undefined): string {
  return JSON.stringify([queryHash, operationName ?? null]);
}

/**
 * A request that may be answered before Apollo: a plain POST (see `plainRequest`) of a document
 * short enough to hash at once, with the response type Apollo would choose (the first of
 * SINGLE_RESULT_TYPES when no Accept is sent) and its caller as authenticated; null for anything
 * else, which Apollo answers.
 */
export function plainRepeat(
  request: Request,
): { asked: NonNullable<ReturnType<typeof plainRequest>>; type: string; viewer: Viewer } | null {
  if (request.method !== 'POST') return null;
  const asked = plainRequest(request.body);
  if (!asked || asked.query.length > FAST_PATH_MAX_QUERY_LENGTH) return null;
  const type = request.accepts(SINGLE_RESULT_TYPES);
  if (type === false) return null;
  try {
    return { asked, type, viewer: authenticatedViewer(request) };
  } catch {
    return null;
  }
}

/**
 * The query, operation name and variables of a POST body Apollo would take as they are, or null
 * for anything else (a body Apollo refuses or reads differently, persisted queries, extensions).
 */
function plainRequest(
  body: unknown,
): { query: string; operationName?: string; variables?: Record<string, unknown> } | null {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return null;
  const { query, operationName, variables, extensions, ...rest } = body as Record<string, unknown>;
  if (typeof query !== 'string' || Object.keys(rest).length > 0) return null;
  if (extensions !== undefined && extensions !== null) return null;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string')
    return null;
  if (
    variables !== undefined &&
    variables !== null &&
    (typeof variables !== 'object' || Array.isArray(variables))
  )
    return null;
  // Keyed by a recursive walk: variables nested past what any argument may take go to Apollo,
  // whose input rules refuse them by name.
  if (variables && nestsDeeperThan(variables, MAX_INPUT_NESTING + 1)) return null;
  return {
    query,
    operationName: operationName ?? undefined,
    variables: (variables as Record<string, unknown> | null) ?? undefined,
  };
}

/**
 * Every domain's generation, read on a pooled connection of the primary, as a prepared statement
 * unless a pooler in transaction mode stands between: the fast path's one round trip. The primary
 * is never behind a replica, so a key read here is never older than one Apollo's path would read.
 */
async function readGenerations(
  primary: EntityManager,
  prepared: boolean,
): Promise<GenerationRow[]> {
  const client = primary.getKnex().client as PooledClient;
  const connection = await client.acquireConnection();
  try {
    const statement = prepared
      ? { name: 'binh_dang_generations', text: GENERATIONS_SQL }
      : { text: GENERATIONS_SQL };
    return (await connection.query(statement)).rows;
  } finally {
    await client.releaseConnection(connection);
  }
}

interface PooledClient {
  acquireConnection(): Promise<{
    query(statement: { name?: string; text: string }): Promise<{ rows: GenerationRow[] }>;
  }>;
  releaseConnection(connection: unknown): Promise<void>;
}

interface GenerationRow {
  database: string;
  domain: string;
  generation: string;
  pending: string;
}

/** Every domain's generation: its folded total plus the changes not folded in yet. */
const GENERATIONS_SQL = `select current_database() as database, g.domain,
    (g.generation + coalesce(sum(c.token), 0))::text as generation, count(c.id) as pending
  from data_generation g left join data_generation_change c on c.domain = g.domain
  group by g.domain, g.generation order by g.domain`;

/** Changes past which a reader folds them into the totals, so that reading stays cheap. */
const FOLD_AFTER_CHANGES = 200;
let folding = false;

/** Folds committed changes into the totals, in the background; generations stay as they were. */
function fold(context: Pick<GraphQLContext, 'primary'>): void {
  if (folding) return;
  folding = true;
  // A write, even when the request reads from a replica.
  context.primary
    .getConnection()
    .execute('select data_generation_fold()')
    .catch((error: Error) => log().error({ err: error }, 'Response cache: folding changes failed'))
    .finally(() => {
      folding = false;
    });
}

export function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with object keys sorted, so that the same variables give the same key. */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([name, item]) => `${JSON.stringify(name)}:${canonicalJson(item)}`).join(',')}}`;
}

/**
 * Folds changes every `intervalMs` whether or not answers are read, so that the changes of a
 * platform that caches nothing do not pile up. Returns the function that stops it.
 */
export function foldChangesEvery(em: EntityManager, intervalMs: number): () => void {
  const timer = setInterval(() => fold({ primary: em }), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
