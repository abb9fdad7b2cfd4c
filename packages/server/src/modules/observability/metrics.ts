import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Operation names a process labels metrics with; past this many, further names count as `other`. */
export const MAX_OPERATION_LABELS = 200;

/**
 * The platform's Prometheus metrics, in one registry served at `/metrics`. Other modules count
 * their own events through the methods of {@link metrics}.
 */
export class PlatformMetrics {
  readonly registry = new Registry();
  private readonly operations = new Set<string>();

  readonly requests = this.counter(
    'binh_dang_http_requests_total',
    'HTTP requests answered, by GraphQL operation name and HTTP status',
    ['operation', 'status'],
  );

  readonly requestDuration = this.histogram(
    'binh_dang_http_request_duration_seconds',
    'Time from a request arriving to its answer being sent, by GraphQL operation name',
    ['operation'],
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  );

  readonly graphqlErrors = this.counter(
    'binh_dang_graphql_errors_total',
    'Errors in GraphQL answers, by operation name and error code',
    ['operation', 'code'],
  );

  readonly statementsPerRequest = this.histogram(
    'binh_dang_sql_statements_per_request',
    'SQL statements one GraphQL request ran',
    ['operation'],
    [0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 100],
  );

  readonly sqlSecondsPerRequest = this.histogram(
    'binh_dang_sql_seconds_per_request',
    'Time one GraphQL request spent waiting on SQL statements',
    ['operation'],
    [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  );

  readonly rateLimitRejections = this.counter(
    'binh_dang_rate_limit_rejections_total',
    'Requests refused with 429 by the per-client rate limit',
    [],
  );

  readonly cacheLookups = this.counter(
    'binh_dang_cache_lookups_total',
    'Lookups in the platform caches, by cache and result (hit or miss)',
    ['cache', 'result'],
  );

  readonly importedRows = this.counter(
    'binh_dang_import_rows_total',
    'CSV rows imported, by kind (rate() gives rows per second)',
    ['kind'],
  );

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'binh_dang_' });
  }

  /**
   * The label for an operation name: GraphQL names are caller-chosen, so their number is
   * bounded and their length cut, lest a caller grow the registry without end.
   */
  operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    const label = name.slice(0, 64);
    if (this.operations.has(label)) return label;
    if (this.operations.size >= MAX_OPERATION_LABELS) return 'other';
    this.operations.add(label);
    return label;
  }

  /** Counts a lookup in a named cache (`hit` true for a hit). */
  cacheLookup(cache: string, hit: boolean): void {
    this.cacheLookups.inc({ cache, result: hit ? 'hit' : 'miss' });
  }

  /** Counts rows an import wrote. */
  rowsImported(kind: string, rows: number): void {
    this.importedRows.inc({ kind }, rows);
  }

  /** A counter in this registry. */
  private counter<L extends string>(name: string, help: string, labelNames: readonly L[]) {
    return new Counter<L>({ name, help, labelNames, registers: [this.registry] });
  }

  /** A histogram in this registry. */
  private histogram<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[],
    buckets: number[],
  ) {
    return new Histogram<L>({ name, help, labelNames, buckets, registers: [this.registry] });
  }

  /**
   * A gauge read when Prometheus scrapes (pool use, queue lengths): `read` gives its value.
   * Registering the same name again replaces the reader (a restarted server in one process).
   */
  gauge(name: string, help: string, read: () => number): void {
    const existing = this.registry.getSingleMetric(name);
    if (existing) this.registry.removeSingleMetric(name);
    new Gauge({
      name,
      help,
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }
}

/** The process's metrics. */
export const metrics = new PlatformMetrics();
