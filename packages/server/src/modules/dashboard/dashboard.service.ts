import type { EntityManager } from '@mikro-orm/postgresql';
import { DashboardReader } from './common.js';
import { indicatorAttainment } from './indicator-attainment.js';
import { indicatorRollup } from './indicator-rollup.js';
import { indicatorSeries } from './indicator-series.js';
import { keyLeaderCoverage } from './key-leader-coverage.js';
import { officialsBreakdown } from './officials-breakdown.js';
import { trainingParticipation } from './training-participation.js';

export type { Disclosure } from './disclosure.js';

/** An aggregate's arguments after the reader it runs on. */
type Args<F> = F extends (db: DashboardReader, ...args: infer A) => unknown ? A : never;

/**
 * Dashboard aggregates, one file each. Each is computed by PostgreSQL from row-level data in one
 * or two statements whatever the data size; nothing here loops over rows to add them up.
 */
export class DashboardService {
  private readonly db: DashboardReader;

  constructor(em: EntityManager, smallCellThreshold: number) {
    this.db = new DashboardReader(em, smallCellThreshold);
  }

  indicatorAttainment(...args: Args<typeof indicatorAttainment>) {
    return indicatorAttainment(this.db, ...args);
  }

  keyLeaderCoverage(...args: Args<typeof keyLeaderCoverage>) {
    return keyLeaderCoverage(this.db, ...args);
  }

  officialsBreakdown(...args: Args<typeof officialsBreakdown>) {
    return officialsBreakdown(this.db, ...args);
  }

  trainingParticipation(...args: Args<typeof trainingParticipation>) {
    return trainingParticipation(this.db, ...args);
  }

  indicatorSeries(...args: Args<typeof indicatorSeries>) {
    return indicatorSeries(this.db, ...args);
  }

  indicatorRollup(...args: Args<typeof indicatorRollup>) {
    return indicatorRollup(this.db, ...args);
  }
}
