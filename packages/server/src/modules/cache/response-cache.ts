import { log } from '../observability/log.js';
import { metrics } from '../observability/metrics.js';
import { createHash } from 'node:crypto';
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
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
import { AGGREGATE_MAX_AGE } from '../common/cache-control.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { GraphQLContext } from '../common/context.js';
import { toIsoDate } from '../common/scalars.js';
import { cellKeySecret } from '../dashboard/disclosure.js';
import { smallCellThreshold } from '../dashboard/dashboard.service.js';
import type { ResponseStore } from './response-store.js';

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

/**
 * A server-side cache of aggregate answers (the queries in CACHED_QUERIES), in memory and, when
 * configured, in Redis shared by the instances.
 *
 * An answer is kept under a key of everything that can change it:
 * - the document (its hash), the operation name and the variables;
 * - the caller's visibility class, as authenticated (role and locality scope), never a header;
 * - the current generation of every data domain the operation reads, read from PostgreSQL before
 *   the answer is computed: a committed write moves the generation on, so no answer computed
 *   before it is found again (see the migration DataGenerations);
 * - the day (today's date is the default of `asOf`), the database, the schema and the disclosure
 *   settings (cell key secret, small-cell threshold).
 * Only complete answers without errors whose cache policy allows keeping them are kept, for their
 * `maxAge`; a hit answers with what is left of it.
 */
export function responseCachePlugin(
  store: ResponseStore,
  schema: GraphQLSchema,
): ApolloServerPlugin<GraphQLContext> {
  const settings = digest(
    [printSchema(schema), cellKeySecret(), String(smallCellThreshold())].join('\n'),
  );
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
          if (!domains) return null;
          const { contextValue: context, request } = requestContext;
          let rows: GenerationRow[];
          try {
            rows = await context.em.getConnection().execute<GenerationRow[]>(GENERATIONS_SQL);
          } catch {
            // Without generations nothing can be known fresh: the answer is computed, not kept.
            return null;
          }
          const pending = rows.reduce((sum, row) => sum + Number(row.pending), 0);
          if (pending >= FOLD_AFTER_CHANGES) fold(context);
          rows = rows.filter(({ domain }) => domains.includes(domain));
          // A domain without a generation could never be seen to change: nothing is kept.
          if (rows.length !== domains.length) return null;
          const { viewer } = context;
          key = digest(
            JSON.stringify([
              settings,
              rows[0]?.database ?? '',
              rows.map(({ domain, generation }) => `${domain}:${generation}`),
              toIsoDate(new Date()),
              viewer.role,
              viewer.scopeCode,
              requestContext.queryHash,
              request.operationName ?? null,
              canonicalJson(request.variables ?? {}),
            ]),
          );
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

function digest(text: string): string {
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
