import type { Knex } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
import { assertWritable, forbidden, notFoundInScope, scopeOf } from '../auth/authorize.js';
import type { RequestContext } from '../common/context.js';
import { shown } from '../common/errors.js';
import { calendarYear, check, localityIdOn } from '../common/validate.js';
import {
  audit,
  idempotentCreate,
  InputProblems,
  inTransaction,
  lockRow,
  rememberKey,
  replayedCreate,
  updateAudited,
  versionConflict,
} from '../common/write-kit.js';
import { IndicatorUnit } from './indicator.entity.js';
import { ApprovalStatus, IndicatorValue } from './indicator-value.entity.js';
import type { ReportIndicatorValueInput } from './strategy.inputs.js';
import { pathWithin, yearEnd } from '../common/subtree.js';

const DISAGGREGATION = /^[a-z_]+:[A-Z0-9_]+(;[a-z_]+:[A-Z0-9_]+)*$/;

/** Reports values and moves them through approval: DRAFT → SUBMITTED → APPROVED, or back. */
export class IndicatorValueWriter {
  constructor(private readonly context: RequestContext) {}

  async report(
    input: ReportIndicatorValueInput,
    idempotencyKey?: string | null,
  ): Promise<IndicatorValue> {
    const row = await inTransaction(this.context, async (trx) => {
      const problems = new InputProblems();
      const indicator = await this.indicator(trx, problems, input.indicatorCode);
      if (indicator)
        check.integer(problems, 'year', input.year, indicator.start_year, indicator.end_year);
      // A year's value belongs to the unit holding the code on the year's last day.
      const localityId = calendarYear(input.year)
        ? await localityIdOn(trx, problems, 'localityCode', input.localityCode, yearEnd(input.year))
        : null;
      if (indicator) {
        for (const field of ['value', 'target'] as const)
          checkRange(problems, field, input[field], indicator.unit);
      }
      check.pattern(
        problems,
        'disaggregation',
        input.disaggregation,
        DISAGGREGATION,
        'like "sex:FEMALE"',
      );
      check.text(problems, 'note', input.note, 2000);
      check.text(problems, 'source', input.source, 500);
      const hasNumerator = input.numerator != null;
      if (hasNumerator !== (input.denominator != null)) {
        problems.add(
          hasNumerator ? 'denominator' : 'numerator',
          'must be given together with the other part of the fraction',
        );
      }
      if (input.denominator != null && !(input.denominator > 0))
        problems.add('denominator', 'must be positive');
      if (input.numerator != null && input.numerator < 0)
        problems.add('numerator', 'must not be negative');
      if (
        indicator &&
        input.value != null &&
        input.numerator != null &&
        input.denominator != null &&
        input.denominator > 0
      ) {
        const expected = (input.numerator / input.denominator) * Number(indicator.value_scale);
        if (Math.abs(expected - input.value) > Math.max(0.01, Math.abs(expected) * 0.005)) {
          problems.add(
            'value',
            `must equal numerator / denominator × ${Number(indicator.value_scale)} (${expected.toFixed(2)})`,
          );
        }
      }
      problems.throwIfAny();
      const actor = (await assertWritable(trx, this.context, { localities: [localityId] })).subject;
      // A retry with the same key returns the first result, untouched by what happened since.
      const replayed = await replayedCreate(
        trx,
        actor,
        idempotencyKey,
        'reportIndicatorValue',
        input,
      );
      if (replayed !== null) return lockRow(trx, 'indicator_value', replayed);
      // Reports of one natural key run one after the other: concurrent first reports make one
      // row, never a uniqueness error.
      await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 1))', [
        `indicator_value:${indicator!.id}:${localityId}:${input.year}:${input.disaggregation ?? ''}`,
      ]);

      const values = {
        value: input.value ?? null,
        numerator: input.numerator ?? null,
        denominator: input.denominator ?? null,
        target: input.target ?? null,
        note: input.note ?? null,
        source: input.source ?? `Reported through the API by ${actor}`,
        illustrative: false,
        approval_status: ApprovalStatus.DRAFT,
        returned_reason: null,
        approved_at: null,
        changed_by: actor,
        submitted_by: null,
      };
      const [existing] = await trx('indicator_value')
        .select('*')
        .where({ indicator_id: indicator!.id, locality_id: localityId, year: input.year })
        .whereRaw('disaggregation is not distinct from ?', [input.disaggregation ?? null])
        .forUpdate();
      if (existing) {
        if (input.version != null && input.version !== existing.version) {
          throw versionConflict('indicator value', existing.id, input.version, existing.version);
        }
        const result = sameReport(existing, input)
          ? existing
          : await updateAudited(trx, actor, 'indicator_value', existing.id, existing.version, {
              ...values,
              archived_at: null,
            });
        await rememberKey(trx, actor, idempotencyKey, 'reportIndicatorValue', input, existing.id);
        return result;
      }
      const { id } = await idempotentCreate(
        trx,
        actor,
        idempotencyKey,
        'reportIndicatorValue',
        input,
        async () => {
          const [created] = await trx('indicator_value')
            .insert({
              ...values,
              indicator_id: indicator!.id,
              locality_id: localityId,
              year: input.year,
              disaggregation: input.disaggregation ?? null,
            })
            .returning('*');
          await audit(trx, {
            entity: 'indicator_value',
            entityId: created.id,
            action: 'CREATE',
            actor,
            after: created,
          });
          return created.id;
        },
      );
      return lockRow(trx, 'indicator_value', id);
    }).catch((error: unknown) => {
      // Another writer (an import) inserted the same key meanwhile: a real conflict.
      const field = (error as { extensions?: { fields?: { field: string }[] } }).extensions
        ?.fields?.[0]?.field;
      if (field === 'disaggregation' && String((error as Error).message).includes('taken')) {
        throw new GraphQLError('The value was written concurrently; read it and report again', {
          extensions: { code: 'CONFLICT', field: 'disaggregation', reason: 'written concurrently' },
        });
      }
      throw error;
    });
    return this.context.em.map(IndicatorValue, row);
  }

  submit(id: number, version: number) {
    return this.transition(id, version, ApprovalStatus.SUBMITTED, 'SUBMIT');
  }

  approve(id: number, version: number) {
    return this.transition(id, version, ApprovalStatus.APPROVED, 'APPROVE');
  }

  returnToDraft(id: number, version: number, reason: string) {
    return this.transition(id, version, ApprovalStatus.DRAFT, 'RETURN', reason);
  }

  private async transition(
    id: number,
    version: number,
    to: ApprovalStatus,
    action: 'SUBMIT' | 'APPROVE' | 'RETURN',
    reason?: string,
  ): Promise<IndicatorValue> {
    const row = await inTransaction(this.context, async (trx) => {
      // The caller must reach the value before anything about it is read out or locked.
      const reach = (localityId: number) =>
        action === 'SUBMIT'
          ? scopeOf(this.context).localitiesInScope(trx, [localityId])
          : this.approvesAt(trx, localityId);
      const [unlocked] = await trx('indicator_value').select('locality_id').where('id', id);
      if (!unlocked || !(await reach(unlocked.locality_id))) {
        throw notFoundInScope('indicator value', id);
      }
      const current = await lockRow(trx, 'indicator_value', id);
      if (!(await reach(current.locality_id as number)))
        throw notFoundInScope('indicator value', id);
      const from = current.approval_status as ApprovalStatus;
      const allowed: Record<typeof action, ApprovalStatus[]> = {
        SUBMIT: [ApprovalStatus.DRAFT],
        APPROVE: [ApprovalStatus.SUBMITTED],
        RETURN: [ApprovalStatus.SUBMITTED, ApprovalStatus.APPROVED],
      };
      const problems = new InputProblems();
      if (!allowed[action].includes(from)) {
        const verb = { SUBMIT: 'submitted', APPROVE: 'approved', RETURN: 'returned' }[action];
        problems.add(
          'id',
          `is ${from}; only a ${allowed[action].join(' or ')} value can be ${verb}`,
        );
      }
      if (action === 'RETURN') {
        check.required(problems, 'reason', reason);
        check.text(problems, 'reason', reason, 1000);
      }
      if (action === 'SUBMIT' && current.value === null)
        problems.add('id', 'has no value to submit');
      if (current.version !== version)
        throw versionConflict('indicator value', id, version, current.version);
      problems.throwIfAny();
      const { viewer } = this.context;
      if (action === 'APPROVE') {
        // Four eyes: whoever last changed the figures or submitted them may not approve them.
        const own = [current.changed_by, current.submitted_by].filter((who) => who != null);
        if (own.includes(viewer.subject)) {
          throw forbidden(
            'four eyes: the value was last changed or submitted by you; another person approves it',
          );
        }
      }
      return updateAudited(
        trx,
        viewer.subject,
        'indicator_value',
        id,
        version,
        {
          approval_status: to,
          returned_reason: action === 'RETURN' ? reason : null,
          approved_at: action === 'APPROVE' ? trx.fn.now() : null,
          submitted_by: action === 'SUBMIT' ? viewer.subject : current.submitted_by,
        },
        action,
        reason,
      );
    });
    return this.context.em.map(IndicatorValue, row);
  }

  /**
   * Approving and returning belong a level up: to an ADMIN, or an EDITOR whose scope lies
   * strictly above the value's locality (an editor of the locality itself may not).
   */
  private async approvesAt(trx: Knex.Transaction, localityId: number): Promise<boolean> {
    const scope = scopeOf(this.context);
    if (scope.unlimited) return true;
    if (scope.empty) return false;
    const [above] = await trx('locality as t')
      .join('locality as s', 's.code', trx.raw('?', [this.context.viewer.scopeCode]))
      .where('t.id', localityId)
      .whereRaw(pathWithin('t', 's.path', true))
      .select('t.id');
    return Boolean(above);
  }

  private async indicator(trx: Knex.Transaction, problems: InputProblems, code: string) {
    const [indicator] = await trx('indicator as i')
      .join('strategy as s', 's.id', 'i.strategy_id')
      .select('i.id', 'i.unit', 'i.value_scale', 's.start_year', 's.end_year')
      .where('i.code', code)
      .orderBy('s.start_year', 'desc')
      .limit(1);
    if (!indicator) problems.add('indicatorCode', `no indicator has the code ${shown(code)}`);
    return indicator as
      | {
          id: number;
          unit: IndicatorUnit;
          value_scale: string;
          start_year: number;
          end_year: number;
        }
      | undefined;
  }
}

function checkRange(
  problems: InputProblems,
  field: string,
  value: number | null | undefined,
  unit: IndicatorUnit,
) {
  if (value == null) return;
  if (!Number.isFinite(value)) problems.add(field, 'must be a finite number');
  else if (unit === IndicatorUnit.PERCENT && (value < 0 || value > 100))
    problems.add(field, 'must be a percentage from 0 to 100');
  else if (unit === IndicatorUnit.COUNT && (value < 0 || !Number.isInteger(value)))
    problems.add(field, 'must be a non-negative whole number');
  else if (unit === IndicatorUnit.BOOLEAN && value !== 0 && value !== 1)
    problems.add(field, 'must be 0 or 1');
  else if (value < 0) problems.add(field, 'must not be negative');
}

/** The report would leave the row as it is: same figures, note and source, not archived. */
function sameReport(existing: Record<string, unknown>, input: ReportIndicatorValueInput): boolean {
  const same = (column: unknown, given: number | null | undefined) =>
    (column == null && given == null) ||
    (column != null && given != null && Number(column) === given);
  return (
    existing.archived_at == null &&
    same(existing.value, input.value) &&
    same(existing.numerator, input.numerator) &&
    same(existing.denominator, input.denominator) &&
    same(existing.target, input.target) &&
    (existing.note ?? null) === (input.note ?? null) &&
    (input.source == null || existing.source === input.source)
  );
}
