import { Field, InputType } from 'type-graphql';
import { DateScalar } from '../common/scalars.js';
import { AgencyKind } from './agency.entity.js';

@InputType({ description: 'Which agency rows to list; every field given must match' })
export class AgencyFilter {
  @Field(() => Boolean, {
    nullable: true,
    description: 'Include archived rows (left out by default)',
  })
  includeArchived?: boolean;

  @Field(() => [AgencyKind], { nullable: true, description: 'Only these kinds' })
  kinds?: AgencyKind[];

  @Field(() => String, {
    nullable: true,
    description:
      'Agencies of the unit with this code or under it, or of a unit that went into them (see asOf)',
  })
  within?: string;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      'The day `within` is read on (today by default): the unit holding the code then, its subtree, and the units that went into them in earlier reforms',
  })
  asOf?: Date;

  @Field(() => String, {
    nullable: true,
    description: 'Part of the name, ignoring diacritics and case',
  })
  search?: string;
}
