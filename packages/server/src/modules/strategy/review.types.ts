import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ApprovalStatus } from './indicator-value.entity.js';

/** The most values one review call may change. */
export const REVIEW_LIMIT = 10_000;

export enum ReviewAction {
  SUBMIT = 'SUBMIT',
  APPROVE = 'APPROVE',
  RETURN = 'RETURN',
}
registerEnumType(ReviewAction, {
  name: 'ReviewAction',
  description: 'What a review call does to every value it names',
  valuesConfig: {
    SUBMIT: { description: 'DRAFT → SUBMITTED, by an editor of the locality or above' },
    APPROVE: {
      description:
        'SUBMITTED → APPROVED, by an editor of a level above the locality or an admin who neither last changed nor submitted the value',
    },
    RETURN: {
      description: 'SUBMITTED or APPROVED → DRAFT with a reason, by whoever may approve it',
    },
  },
});

@InputType({
  description: `Which values a review call changes: \`ids\`, or \`within\` and \`year\` (every value there in the state the action moves from). At most ${REVIEW_LIMIT} values`,
})
export class ReviewIndicatorValuesInput {
  @Field(() => ReviewAction, { description: 'What to do to every value named' })
  action!: ReviewAction;

  @Field(() => [ID], { nullable: true, description: `Ids of the values (at most ${REVIEW_LIMIT})` })
  ids?: string[];

  @Field(() => [Int], {
    nullable: true,
    description:
      'With `ids`: the version of each value as you reviewed it, in the order of `ids`. Required to APPROVE by ids, so that what is approved is what was reviewed: a value changed since is refused (CONFLICT) and nothing changes. By `within` and `year`, values are approved as they stand when the call runs',
  })
  versions?: number[];

  @Field(() => String, {
    nullable: true,
    description: 'The values of the locality with this code and of everything under it',
  })
  within?: string;

  @Field(() => Int, { nullable: true, description: 'With `within`: the year of the values' })
  year?: number;

  @Field(() => [String], {
    nullable: true,
    description: 'With `within`: only values of these indicators',
  })
  indicatorCodes?: string[];

  @Field(() => String, { nullable: true, description: 'Why the values go back; RETURN only' })
  reason?: string;
}

@ObjectType({
  description:
    'What a review call changed: every value it named, or, when any of them could not change, nothing',
})
export class ReviewReport {
  @Field(() => ReviewAction, { description: 'The action applied' })
  action!: ReviewAction;

  @Field(() => ApprovalStatus, { description: 'The approval state the values are now in' })
  approvalStatus!: ApprovalStatus;

  @Field(() => Int, { description: 'How many values changed; each change is audited' })
  changed!: number;

  @Field(() => [ID], { description: 'The values that changed' })
  ids!: string[];
}
