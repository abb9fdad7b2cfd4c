import type { Knex } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
import { forbidden, requireRole, scopeOf } from '../auth/authorize.js';
import { Role } from '../auth/viewer.js';
import type { RequestContext } from '../common/context.js';
import { shown } from '../common/errors.js';
import { pathWithin, subtreeIds } from '../common/subtree.js';
import { check } from '../common/validate.js';
import { InputProblems, inTransaction } from '../common/write-kit.js';
import { ApprovalStatus } from './indicator-value.entity.js';
import {
  REVIEW_LIMIT,
  ReviewAction,
  type ReviewIndicatorValuesInput,
  type ReviewReport,
} from './review.types.js';

const FROM: Record<ReviewAction, ApprovalStatus[]> = {
  SUBMIT: [ApprovalStatus.DRAFT],
  APPROVE: [ApprovalStatus.SUBMITTED],
  RETURN: [ApprovalStatus.SUBMITTED, ApprovalStatus.APPROVED],
};
const TO: Record<ReviewAction, ApprovalStatus> = {
  SUBMIT: ApprovalStatus.SUBMITTED,
  APPROVE: ApprovalStatus.APPROVED,
  RETURN: ApprovalStatus.DRAFT,
};
/** How many refused values an error lists. */
const LISTED = 50;

/** Ids as the API writes them: positive integers in the range of the column. */
const ID_PATTERN = /^[1-9]\d{0,9}$/;
const INTEGER_MAX = 2 ** 31 - 1;

interface Candidate {
  id: number;
  version: number;
  approval_status: ApprovalStatus;
  has_value: boolean;
  changed_by: string | null;
  submitted_by: string | null;
  archived: boolean;
  reachable: boolean;
}

/**
 * Submits, approves or returns many indicator values in one transaction, with the rules of the
 * one-value mutations applied to each: reach (approval a level up), the state moved from, four
 * eyes. Any value that may not change stops the whole call, and the error lists which and why.
 * A fixed number of statements whatever the number of values; one audit event per value.
 */
export class ReviewWriter {
  constructor(private readonly context: RequestContext) {}

  async review(input: ReviewIndicatorValuesInput): Promise<ReviewReport> {
    const problems = new InputProblems();
    const byFilter = input.within != null || input.year != null || input.indicatorCodes != null;
    if ((input.ids != null) === byFilter)
      problems.add('ids', 'give either ids, or within and year');
    else if (byFilter) {
      check.required(problems, 'within', input.within);
      check.required(problems, 'year', input.year);
      check.integer(problems, 'year', input.year, 1990, 2100);
      if (input.indicatorCodes?.length === 0)
        problems.add('indicatorCodes', 'must name at least one indicator');
    }
    // The version each value was reviewed at, by id (ids named twice must agree).
    const reviewed = new Map<number, number | undefined>();
    if (input.ids != null) {
      if (input.ids.length === 0) problems.add('ids', 'must name at least one value');
      if (input.ids.length > REVIEW_LIMIT)
        problems.add('ids', `must name at most ${REVIEW_LIMIT} values`);
      else if (!input.ids.every((id) => ID_PATTERN.test(id) && Number(id) <= INTEGER_MAX))
        problems.add('ids', 'must be ids of indicator values');
      else if (input.versions != null && input.versions.length !== input.ids.length)
        problems.add('versions', 'must give one version for each of `ids`, in their order');
      else {
        input.ids.forEach((id, index) => {
          const version = input.versions?.[index];
          const earlier = reviewed.get(Number(id));
          if (reviewed.has(Number(id)) && earlier !== version)
            problems.add('versions', `names value ${id} twice with different versions`);
          reviewed.set(Number(id), version);
        });
      }
      if (input.action === ReviewAction.APPROVE && input.versions == null)
        problems.add('versions', 'are required to approve by ids: the versions you reviewed');
    } else if (input.versions != null) problems.add('versions', 'are given with `ids` only');
    const ids = [...reviewed.keys()];
    if (input.action === ReviewAction.RETURN) {
      check.required(problems, 'reason', input.reason);
      check.text(problems, 'reason', input.reason, 1000);
    } else if (input.reason != null) problems.add('reason', 'is given with RETURN only');
    problems.throwIfAny();

    const viewer = requireRole(this.context, Role.EDITOR);
    const scope = scopeOf(this.context);
    if (scope.empty) throw forbidden('an EDITOR needs a locality scope to write');
    const action = input.action;

    const changed = await inTransaction(this.context, async (trx) => {
      const targets = byFilter ? await this.matching(trx, input) : ids;
      if (targets.length === 0) return [];
      const rows: Candidate[] = await trx('indicator_value as v')
        .select(
          'v.id',
          'v.approval_status',
          'v.changed_by',
          'v.submitted_by',
          'v.version',
          trx.raw('v.value is not null as has_value'),
          trx.raw('v.archived_at is not null as archived'),
          trx.raw('? as reachable', [this.reach(trx, action)]),
        )
        .whereRaw('v.id = any(?::int[])', [intArray(targets)])
        .orderBy('v.id')
        .forUpdate();
      const found = new Map(rows.map((row) => [row.id, row]));
      // One answer for a value that does not exist and one out of reach.
      const unreachable = targets.filter((id) => !found.get(id)?.reachable);
      if (unreachable.length > 0) {
        throw refusal(
          'NOT_FOUND',
          `${unreachable.length} of the values are not within your reach; nothing changed`,
          unreachable.map((id) => ({ id, reason: 'not found within your reach' })),
        );
      }
      const stale = rows.filter((row) => {
        const version = reviewed.get(row.id);
        return version !== undefined && version !== row.version;
      });
      if (stale.length > 0) {
        throw refusal(
          'CONFLICT',
          `${stale.length} of the values changed since the versions you reviewed; read them again; nothing changed`,
          stale.map((row) => ({ id: row.id, reason: `is at version ${row.version}` })),
        );
      }
      if (action === ReviewAction.APPROVE) {
        const own = rows.filter(
          (row) => row.changed_by === viewer.subject || row.submitted_by === viewer.subject,
        );
        if (own.length > 0) {
          throw refusal(
            'FORBIDDEN',
            `four eyes: ${own.length} of the values were last changed or submitted by you; another person approves them; nothing changed`,
            own.map((row) => ({ id: row.id, reason: 'last changed or submitted by you' })),
          );
        }
      }
      const wrong = rows.flatMap((row) => {
        if (row.archived) return [{ id: row.id, reason: 'is archived' }];
        if (!FROM[action].includes(row.approval_status))
          return [
            {
              id: row.id,
              reason: `is ${row.approval_status}; only a ${FROM[action].join(' or ')} value can be ${verb(action)}`,
            },
          ];
        if (action === ReviewAction.SUBMIT && !row.has_value)
          return [{ id: row.id, reason: 'has no value to submit' }];
        return [];
      });
      if (wrong.length > 0) {
        throw refusal(
          'BAD_USER_INPUT',
          `${wrong.length} of the values cannot be ${verb(action)}; nothing changed`,
          wrong,
        );
      }
      const { rows: audited } = await trx.raw<{ rows: { entity_id: number }[] }>(
        `with before as (select * from indicator_value where id = any(?::int[])),
        changed as (
          update indicator_value v
             set approval_status = ?,
                 returned_reason = ?,
                 approved_at = case when ? then now() end,
                 submitted_by = case when ? then ? else v.submitted_by end,
                 version = v.version + 1
            from before b
           where v.id = b.id
          returning v.*
        )
        insert into audit_event (entity, entity_id, action, actor, before, after, note)
        select 'indicator_value', c.id, ?, ?, to_jsonb(b), to_jsonb(c), ?
          from changed c join before b on b.id = c.id
        returning entity_id`,
        [
          intArray(targets),
          TO[action],
          action === ReviewAction.RETURN ? input.reason! : null,
          action === ReviewAction.APPROVE,
          action === ReviewAction.SUBMIT,
          viewer.subject,
          action,
          viewer.subject,
          input.reason ?? null,
        ],
      );
      return audited.map((row) => row.entity_id).sort((a, b) => a - b);
    });
    return {
      action,
      approvalStatus: TO[action],
      changed: changed.length,
      ids: changed.map(String),
    };
  }

  /** The values `within` and `year` select: those in the state the action moves from. */
  private async matching(trx: Knex.Transaction, input: ReviewIndicatorValuesInput) {
    const [root] = await trx('locality').select('id').where('code', input.within!).limit(1);
    if (!root) {
      const problems = new InputProblems();
      problems.add('within', `no locality has the code ${shown(input.within)}`);
      problems.throwIfAny();
    }
    const query = trx('indicator_value as v')
      .select('v.id')
      .whereIn('v.locality_id', subtreeIds(trx, input.within!))
      .where('v.year', input.year!)
      .whereIn('v.approval_status', FROM[input.action])
      .whereNull('v.archived_at')
      .orderBy('v.id')
      .limit(REVIEW_LIMIT + 1);
    if (input.indicatorCodes != null)
      query.whereIn(
        'v.indicator_id',
        trx('indicator').select('id').whereIn('code', input.indicatorCodes),
      );
    const ids = (await query).map((row: { id: number }) => row.id);
    if (ids.length > REVIEW_LIMIT) {
      const problems = new InputProblems();
      problems.add(
        'within',
        `selects more than ${REVIEW_LIMIT} values; narrow it with a smaller unit or indicatorCodes`,
      );
      problems.throwIfAny();
    }
    return ids;
  }

  /**
   * SQL, true when the caller may act on the value `v`: submitting, an editor of its locality or
   * above; approving and returning, an admin or an editor strictly above its locality.
   */
  private reach(trx: Knex.Transaction, action: ReviewAction): Knex.Raw {
    const scope = scopeOf(this.context);
    if (action === ReviewAction.SUBMIT) return scope.locality(trx, 'v.locality_id');
    if (scope.unlimited) return trx.raw('true');
    return trx.raw(
      `exists (select 1 from locality reach_member join locality reach_root on reach_root.code = ?
                where reach_member.id = v.locality_id and ${pathWithin('reach_member', 'reach_root.path', true)})`,
      [this.context.viewer.scopeCode],
    );
  }
}

/** A Postgres array literal: knex would spread a JS array into a list of bindings. */
function intArray(ids: number[]): string {
  return `{${ids.join(',')}}`;
}

function verb(action: ReviewAction) {
  return { SUBMIT: 'submitted', APPROVE: 'approved', RETURN: 'returned' }[action];
}

function refusal(code: string, message: string, values: { id: number; reason: string }[]) {
  return new GraphQLError(message, {
    extensions: {
      code,
      field: 'ids',
      refused: values.length,
      values: values.slice(0, LISTED).map(({ id, reason }) => ({ id: String(id), reason })),
    },
  });
}
