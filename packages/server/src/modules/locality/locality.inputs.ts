import { Field, InputType, registerEnumType } from 'type-graphql';
import { OrderDirection } from '../common/order-direction.js';
import { DateScalar } from '../common/scalars.js';
import { LocalityLevel, LocalityType } from './locality.entity.js';

@InputType({ description: 'Conditions a locality must meet; all given conditions apply together' })
export class LocalityFilter {
  @Field(() => Boolean, {
    nullable: true,
    description: 'Include archived rows (left out by default)',
  })
  includeArchived?: boolean;

  @Field(() => LocalityLevel, { nullable: true, description: 'Level of local government' })
  level?: LocalityLevel;

  @Field(() => [LocalityType], { nullable: true, description: 'Any of these kinds of unit' })
  types?: LocalityType[];

  @Field(() => String, {
    nullable: true,
    description: 'Direct children of the unit with this code',
  })
  parentCode?: string;

  @Field(() => String, {
    nullable: true,
    description: 'The unit with this code and everything under it, at any depth',
  })
  within?: string;

  @Field(() => [String], { nullable: true, description: 'Any of these official codes' })
  codes?: string[];

  @Field(() => String, {
    nullable: true,
    description: 'Part of the name, ignoring diacritics and case ("quang ngai" finds "Quảng Ngãi")',
  })
  search?: string;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Only ethnic minority areas (true) or only others (false)',
  })
  ethnicMinorityArea?: boolean;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Only mountainous units (true) or only others (false)',
  })
  mountainous?: boolean;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Only island units (true) or only others (false)',
  })
  island?: boolean;

  @Field(() => DateScalar, {
    nullable: true,
    description:
      'Only units in force on this day; today by default (a name search without it looks through every period)',
  })
  asOf?: Date;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Units of every period, current and former; asOf then only places `within` and `parentCode`',
  })
  allPeriods?: boolean;
}

export enum LocalityOrderField {
  CODE = 'CODE',
  NAME = 'NAME',
  LEVEL = 'LEVEL',
}

registerEnumType(LocalityOrderField, {
  name: 'LocalityOrderField',
  description: 'What localities are sorted by',
  valuesConfig: {
    CODE: { description: 'Official code' },
    NAME: { description: 'Short name, ignoring Vietnamese diacritics' },
    LEVEL: { description: 'Level: provinces, then districts, then communes' },
  },
});

@InputType({ description: 'Sort order of a locality list' })
export class LocalityOrder {
  @Field(() => LocalityOrderField, { description: 'What to sort by' })
  field!: LocalityOrderField;

  @Field(() => OrderDirection, {
    defaultValue: OrderDirection.ASC,
    description: 'Ascending or descending',
  })
  direction: OrderDirection = OrderDirection.ASC;
}
