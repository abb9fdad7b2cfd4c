import type { NonEmptyArray } from 'type-graphql';
import { AuditResolver } from './modules/audit/audit.resolver.js';
import { ImportResolver } from './modules/import/import.resolver.js';
import { LabelsResolver } from './modules/labels/labels.js';
import { AgencyMutationsResolver, AgencyResolver } from './modules/agency/agency.resolver.js';
import {
  DashboardResolver,
  GoalAttainmentResolver,
  IndicatorAttainmentResolver,
  IndicatorAttainmentRowResolver,
  IndicatorRollupResolver,
  IndicatorSeriesResolver,
  KeyLeaderCoverageResolver,
  PredecessorValueResolver,
  OfficialGroupResolver,
  TrainingGroupResolver,
} from './modules/dashboard/dashboard.resolver.js';
import {
  LocalityMutationsResolver,
  LocalityResolver,
  LocalitySuccessionResolver,
} from './modules/locality/locality.resolver.js';
import {
  LocalityOfficialsResolver,
  OfficialMutationsResolver,
  OfficialResolver,
  PositionMutationsResolver,
  PositionResolver,
} from './modules/official/official.resolver.js';
import {
  IndicatorResolver,
  IndicatorTargetResolver,
  IndicatorValueResolver,
  LocalityIndicatorValuesResolver,
} from './modules/strategy/indicator.resolver.js';
import {
  GoalResolver,
  PlanResolver,
  StrategyResolver,
} from './modules/strategy/strategy.resolver.js';
import { TaskMutationsResolver, TaskResolver } from './modules/task/task.resolver.js';
import {
  EnrollmentMutationsResolver,
  EnrollmentResolver,
  TrainingProgramMutationsResolver,
  TrainingProgramResolver,
} from './modules/training/training.resolver.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: NonEmptyArray<Function> = [
  LocalityResolver,
  LocalitySuccessionResolver,
  LocalityOfficialsResolver,
  LocalityIndicatorValuesResolver,
  StrategyResolver,
  PlanResolver,
  GoalResolver,
  IndicatorResolver,
  IndicatorTargetResolver,
  IndicatorValueResolver,
  OfficialResolver,
  PositionResolver,
  AgencyResolver,
  TrainingProgramResolver,
  EnrollmentResolver,
  TaskResolver,
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
  AuditResolver,
  ImportResolver,
  LabelsResolver,
  LocalityMutationsResolver,
  OfficialMutationsResolver,
  PositionMutationsResolver,
  AgencyMutationsResolver,
  TrainingProgramMutationsResolver,
  EnrollmentMutationsResolver,
  TaskMutationsResolver,
];
