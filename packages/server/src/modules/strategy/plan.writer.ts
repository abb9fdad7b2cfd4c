import type { Knex } from '@mikro-orm/postgresql';
import { assertWritable } from '../auth/authorize.js';
import type { RequestContext } from '../common/context.js';
import { shown } from '../common/errors.js';
import { calendarYear, check, localityIdOn } from '../common/validate.js';
import { audit, InputProblems, inTransaction, invalidInput } from '../common/write-kit.js';
import { IndicatorUnit } from './indicator.entity.js';
import { Plan } from './plan.entity.js';
import { PLAN_LIMITS, type SavePlanInput } from './strategy.inputs.js';

/**
 * Creates or replaces a locality's plan: which strategy indicators it tracks and the targets it
 * sets itself. One transaction; the plan, its indicators and its targets change together.
 */
export class PlanWriter {
  constructor(private readonly context: RequestContext) {}

  async save(input: SavePlanInput): Promise<Plan> {
    const targets = input.targets ?? [];
    const row = await inTransaction(this.context, async (trx) => {
      const problems = new InputProblems();
      check.text(problems, 'code', input.code, 100);
      check.text(problems, 'name', input.name, 500);
      check.text(problems, 'source', input.source, 500);
      if (input.indicatorCodes.length === 0)
        problems.add('indicatorCodes', 'must name at least one indicator');
      if (input.indicatorCodes.length > PLAN_LIMITS.indicators)
        problems.add('indicatorCodes', `must name at most ${PLAN_LIMITS.indicators} indicators`);
      if (targets.length > PLAN_LIMITS.targets)
        problems.add('targets', `must hold at most ${PLAN_LIMITS.targets} targets`);
      problems.throwIfAny();

      // A plan belongs to the unit holding the code when the plan starts.
      const localityId = calendarYear(input.startYear)
        ? await localityIdOn(
            trx,
            problems,
            'localityCode',
            input.localityCode,
            `${input.startYear}-01-01`,
          )
        : null;
      const [strategy] = await trx('strategy')
        .select('id', 'start_year', 'end_year')
        .where('code', input.strategyCode);
      if (!strategy)
        problems.add('strategyCode', `no strategy has the code ${shown(input.strategyCode)}`);
      else {
        check.integer(
          problems,
          'startYear',
          input.startYear,
          strategy.start_year,
          strategy.end_year,
        );
        check.integer(problems, 'endYear', input.endYear, strategy.start_year, strategy.end_year);
      }
      if (input.endYear < input.startYear) problems.add('endYear', 'must not be before startYear');

      const codes = [...new Set(input.indicatorCodes)];
      if (codes.length !== input.indicatorCodes.length)
        problems.add('indicatorCodes', 'must not name an indicator twice');
      const indicators: { id: number; code: string; unit: IndicatorUnit }[] = strategy
        ? await trx('indicator')
            .select('id', 'code', 'unit')
            .where('strategy_id', strategy.id)
            .whereIn('code', codes)
        : [];
      const byCode = new Map(indicators.map((indicator) => [indicator.code, indicator]));
      const unknown = codes.filter((code) => !byCode.has(code));
      if (strategy && unknown.length > 0)
        problems.add(
          'indicatorCodes',
          `${unknown.slice(0, 10).join(', ')} ${unknown.length === 1 ? 'is not an indicator' : 'are not indicators'} of ${input.strategyCode}`,
        );
      const seen = new Set<string>();
      targets.forEach((target, index) => {
        const field = `targets.${index}`;
        const indicator = byCode.get(target.indicatorCode);
        if (!codes.includes(target.indicatorCode))
          problems.add(`${field}.indicatorCode`, 'must be one of the indicators the plan tracks');
        if (
          !Number.isInteger(target.year) ||
          target.year < input.startYear ||
          target.year > input.endYear
        )
          problems.add(
            `${field}.year`,
            `must be a year of the plan, ${input.startYear} to ${input.endYear}`,
          );
        const key = `${target.indicatorCode}:${target.year}`;
        if (seen.has(key)) problems.add(field, 'sets the same indicator and year twice');
        seen.add(key);
        if (indicator) checkTarget(problems, `${field}.value`, target.value, indicator.unit);
      });
      problems.throwIfAny();

      const actor = (await assertWritable(trx, this.context, { localities: [localityId] })).subject;
      // Saves of one plan run one after the other.
      await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 1))', [`plan:${input.code}`]);
      const [existing] = await trx('plan').select('*').where('code', input.code).forUpdate();
      if (existing && existing.locality_id !== localityId) {
        // Moving a plan to another locality would let an editor take over another unit's plan.
        if (!(await this.reaches(trx, existing.locality_id)))
          throw invalidInput([
            { field: 'code', reason: `the plan code ${shown(input.code)} is taken` },
          ]);
        problems.add('localityCode', 'must be the locality of the existing plan with this code');
        problems.throwIfAny();
      }
      const overlapping = await trx('plan')
        .select('code')
        .where({ locality_id: localityId, strategy_id: strategy.id })
        .whereNot('code', input.code)
        .where('start_year', '<=', input.endYear)
        .where('end_year', '>=', input.startYear)
        .first();
      if (overlapping) {
        problems.add(
          'startYear',
          `the period overlaps plan ${overlapping.code} of the same locality`,
        );
        problems.throwIfAny();
      }

      const fields = {
        code: input.code,
        name: input.name,
        strategy_id: strategy.id,
        locality_id: localityId,
        start_year: input.startYear,
        end_year: input.endYear,
        source: input.source,
      };
      const before = existing
        ? { ...existing, ...(await this.contents(trx, existing.id)) }
        : undefined;
      const [plan] = existing
        ? await trx('plan').update(fields).where('id', existing.id).returning('*')
        : await trx('plan').insert(fields).returning('*');
      if (existing) {
        await trx('indicator_target').where('plan_id', plan.id).delete();
        await trx('plan_indicator').where('plan_id', plan.id).delete();
      }
      await trx('plan_indicator').insert(
        codes.map((code) => ({ plan_id: plan.id, indicator_id: byCode.get(code)!.id })),
      );
      if (targets.length > 0)
        await trx('indicator_target').insert(
          targets.map((target) => ({
            indicator_id: byCode.get(target.indicatorCode)!.id,
            plan_id: plan.id,
            year: target.year,
            value: target.value,
            source: input.source,
          })),
        );
      await audit(trx, {
        entity: 'plan',
        entityId: plan.id,
        action: existing ? 'UPDATE' : 'CREATE',
        actor,
        before,
        after: { ...plan, ...(await this.contents(trx, plan.id)) },
      });
      return plan;
    });
    return this.context.em.map(Plan, row);
  }

  private async reaches(trx: Knex.Transaction, localityId: number): Promise<boolean> {
    try {
      await assertWritable(trx, this.context, { localities: [localityId] });
      return true;
    } catch {
      return false;
    }
  }

  /** What an audit event records of a plan besides its own row. */
  private async contents(trx: Knex.Transaction, planId: number) {
    const indicators = await trx('plan_indicator as pi')
      .join('indicator as i', 'i.id', 'pi.indicator_id')
      .where('pi.plan_id', planId)
      .orderBy('i.code')
      .pluck('i.code');
    const targets = await trx('indicator_target as t')
      .join('indicator as i', 'i.id', 't.indicator_id')
      .where('t.plan_id', planId)
      .orderBy(['i.code', 't.year'])
      .select('i.code as indicatorCode', 't.year', 't.value');
    return { indicators, targets };
  }
}

function checkTarget(problems: InputProblems, field: string, value: number, unit: IndicatorUnit) {
  if (!Number.isFinite(value)) problems.add(field, 'must be a finite number');
  else if (unit === IndicatorUnit.PERCENT && (value < 0 || value > 100))
    problems.add(field, 'must be a percentage from 0 to 100');
  else if (unit === IndicatorUnit.BOOLEAN && value !== 0 && value !== 1)
    problems.add(field, 'must be 0 or 1');
  else if (value < 0) problems.add(field, 'must not be negative');
}
