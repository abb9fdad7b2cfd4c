import type { PlatformModule } from '../common/platform-module.js';
import {
  DashboardResolver,
  GoalAttainmentResolver,
  IndicatorAttainmentResolver,
  IndicatorAttainmentRowResolver,
  IndicatorRollupResolver,
  IndicatorSeriesResolver,
  KeyLeaderCoverageResolver,
  OfficialGroupResolver,
  PredecessorValueResolver,
  TrainingGroupResolver,
} from './dashboard.resolver.js';

/** The aggregates: attainment, series, roll-ups, coverage and the personal breakdowns. */
export const dashboardModule: PlatformModule = {
  entities: [],
  resolvers: [
    DashboardResolver,
    IndicatorAttainmentResolver,
    GoalAttainmentResolver,
    IndicatorAttainmentRowResolver,
    KeyLeaderCoverageResolver,
    OfficialGroupResolver,
    TrainingGroupResolver,
    IndicatorSeriesResolver,
    PredecessorValueResolver,
    IndicatorRollupResolver,
  ],
};
