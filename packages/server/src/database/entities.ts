import { AuditEvent } from '../modules/audit/audit-event.entity.js';
import { VersionedRecord } from '../modules/common/versioned-record.js';
import { Agency } from '../modules/agency/agency.entity.js';
import { Locality } from '../modules/locality/locality.entity.js';
import { LocalitySuccession } from '../modules/locality/locality-succession.entity.js';
import { Official } from '../modules/official/official.entity.js';
import { Position } from '../modules/official/position.entity.js';
import { Goal } from '../modules/strategy/goal.entity.js';
import { IndicatorTarget } from '../modules/strategy/indicator-target.entity.js';
import { IndicatorValue } from '../modules/strategy/indicator-value.entity.js';
import { Indicator } from '../modules/strategy/indicator.entity.js';
import { PlanIndicator } from '../modules/strategy/plan-indicator.entity.js';
import { Plan } from '../modules/strategy/plan.entity.js';
import { Strategy } from '../modules/strategy/strategy.entity.js';
import { Task } from '../modules/task/task.entity.js';
import { Enrollment } from '../modules/training/enrollment.entity.js';
import { TrainingProgram } from '../modules/training/training-program.entity.js';

export const entities = [
  VersionedRecord,
  Locality,
  LocalitySuccession,
  Strategy,
  Plan,
  PlanIndicator,
  Goal,
  Indicator,
  IndicatorTarget,
  IndicatorValue,
  Agency,
  Official,
  Position,
  TrainingProgram,
  Enrollment,
  Task,
  AuditEvent,
];
