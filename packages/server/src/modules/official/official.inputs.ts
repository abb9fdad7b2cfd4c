import { Field, InputType, Int, registerEnumType } from 'type-graphql';
import { OrderDirection } from '../common/order-direction.js';
import { DateScalar } from '../common/scalars.js';
import { Sex } from './official.entity.js';
import { OrganisationKind } from './position.entity.js';

@InputType({ description: 'Which official rows to list; every field given must match' })
export class OfficialFilter {
  @Field(() => Boolean, {
    nullable: true,
    description: 'Include archived rows (left out by default)',
  })
  includeArchived?: boolean;

  @Field(() => Sex, { nullable: true, description: 'Only officials of this sex' })
  sex?: Sex;

  @Field(() => [String], {
    nullable: true,
    description: 'Any of these ethnicities, e.g. ["Hrê", "Cor"]',
  })
  ethnicities?: string[];

  @Field(() => Boolean, {
    nullable: true,
    description: 'True: any ethnicity but Kinh; false: Kinh',
  })
  ethnicMinority?: boolean;

  @Field(() => String, {
    nullable: true,
    description:
      'Officials whose home locality, or a post held on `activeOn`, lies in the unit with this code or under it',
  })
  within?: string;

  @Field(() => Boolean, {
    nullable: true,
    description: 'True: holds a key leadership post on `activeOn`; false: holds none',
  })
  keyLeadership?: boolean;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'The day `keyLeadership` and `within` posts are judged on; defaults to today',
  })
  activeOn?: Date;

  @Field(() => Int, { nullable: true, description: 'Born in this year or later' })
  birthYearFrom?: number;

  @Field(() => Int, { nullable: true, description: 'Born in this year or earlier' })
  birthYearTo?: number;

  @Field(() => String, {
    nullable: true,
    description: 'Part of the name, ignoring diacritics and case',
  })
  search?: string;
}

export enum OfficialOrderField {
  NAME = 'NAME',
  BIRTH_YEAR = 'BIRTH_YEAR',
}
registerEnumType(OfficialOrderField, {
  name: 'OfficialOrderField',
  description: 'What officials are sorted by',
  valuesConfig: {
    NAME: { description: 'Name' },
    BIRTH_YEAR: { description: 'Year of birth' },
  },
});

@InputType({ description: 'Sort order of an official list' })
export class OfficialOrder {
  @Field(() => OfficialOrderField, { description: 'What to sort by' })
  field!: OfficialOrderField;

  @Field(() => OrderDirection, {
    defaultValue: OrderDirection.ASC,
    description: 'Ascending or descending',
  })
  direction: OrderDirection = OrderDirection.ASC;
}

@InputType({ description: 'Which posts to list' })
export class PositionFilter {
  @Field(() => Boolean, {
    nullable: true,
    description: 'Include archived rows (left out by default)',
  })
  includeArchived?: boolean;

  @Field(() => DateScalar, { nullable: true, description: 'Only posts held on this day' })
  activeOn?: Date;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Only key leadership posts (true) or only other posts (false)',
  })
  keyLeadership?: boolean;

  @Field(() => [OrganisationKind], {
    nullable: true,
    description: 'Only posts in bodies of these kinds',
  })
  organisationKinds?: OrganisationKind[];
}
