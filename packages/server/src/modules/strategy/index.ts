import type { PlatformModule } from '../common/platform-module.js';
import { Goal } from './goal.entity.js';
import { IndicatorTarget } from './indicator-target.entity.js';
import { IndicatorValue } from './indicator-value.entity.js';
import { Indicator } from './indicator.entity.js';
import {
  IndicatorResolver,
  IndicatorTargetResolver,
  IndicatorValueResolver,
  LocalityIndicatorValuesResolver,
} from './indicator.resolver.js';
import { PlanIndicator } from './plan-indicator.entity.js';
import { Plan } from './plan.entity.js';
import { Strategy } from './strategy.entity.js';
import { GoalResolver, PlanResolver, StrategyResolver } from './strategy.resolver.js';

/** The national strategy, its goals and indicators, localities' plans and indicator values. */
export const strategyModule: PlatformModule = {
  entities: [Strategy, Plan, PlanIndicator, Goal, Indicator, IndicatorTarget, IndicatorValue],
  resolvers: [
    LocalityIndicatorValuesResolver,
    StrategyResolver,
    PlanResolver,
    GoalResolver,
    IndicatorResolver,
    IndicatorTargetResolver,
    IndicatorValueResolver,
  ],
};
