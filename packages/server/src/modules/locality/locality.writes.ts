import { Field, InputType } from 'type-graphql';
import { check, isoDate, localityIdOn, unitDay } from '../common/validate.js';
import type { RecordSpec } from '../common/record-writer.js';
import { present } from '../common/record-writer.js';
import { DateScalar } from '../common/scalars.js';
import { Locality, LocalityLevel, LocalityType } from './locality.entity.js';

@InputType({ description: 'A new locality' })
export class CreateLocalityInput {
  @Field(() => String, {
    description: 'GSO code: 2 digits (province), 3 (district) or 5 (commune)',
  })
  code!: string;

  @Field(() => String, { description: 'Full name of the unit' })
  name!: string;

  @Field(() => String, { description: 'Name without the unit-type prefix, e.g. "Quảng Ngãi"' })
  shortName!: string;

  @Field(() => LocalityType, { description: 'Kind of administrative unit' })
  type!: LocalityType;

  @Field(() => LocalityLevel, { description: 'Level of local government' })
  level!: LocalityLevel;

  @Field(() => String, { nullable: true, description: 'Required below the province level' })
  parentCode?: string | null;

  @Field(() => DateScalar, { nullable: true, description: 'First day the unit is in force' })
  validFrom?: Date | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Last day the unit is in force; none while in force',
  })
  validTo?: Date | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether the unit is an ethnic minority area',
  })
  ethnicMinorityArea?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the unit is mountainous' })
  mountainous?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the unit is an island unit' })
  island?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description: 'Where the island, mountainous and ethnic minority area flags come from',
  })
  areaFlagsSource?: string | null;

  @Field(() => String, { description: 'Where the code and name come from, e.g. a resolution' })
  source!: string;
}

@InputType({
  description: 'Fields to change; code and level never change (create a new unit instead)',
})
export class UpdateLocalityInput {
  @Field(() => String, { nullable: true, description: 'Full name of the unit' })
  name?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Name without the unit-type prefix, e.g. "Quảng Ngãi"',
  })
  shortName?: string;

  @Field(() => LocalityType, { nullable: true, description: 'Kind of administrative unit' })
  type?: LocalityType;

  @Field(() => String, { nullable: true, description: 'Code of the unit it belongs to' })
  parentCode?: string;

  @Field(() => DateScalar, { nullable: true, description: 'First day the unit is in force' })
  validFrom?: Date | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'Last day the unit is in force; none while in force',
  })
  validTo?: Date | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether the unit is an ethnic minority area',
  })
  ethnicMinorityArea?: boolean;

  @Field(() => Boolean, { nullable: true, description: 'Whether the unit is mountainous' })
  mountainous?: boolean;

  @Field(() => Boolean, { nullable: true, description: 'Whether the unit is an island unit' })
  island?: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Where the island, mountainous and ethnic minority area flags come from',
  })
  areaFlagsSource?: string | null;

  @Field(() => String, { nullable: true, description: 'Where the figure comes from' })
  source?: string;
}

const CODE_LENGTH: Record<LocalityLevel, number> = { PROVINCE: 2, DISTRICT: 3, COMMUNE: 5 };

export const localityRecord: RecordSpec<Locality, CreateLocalityInput> = {
  entity: Locality,
  table: 'locality',
  async columns(trx, problems, input, current) {
    const level = (input.level ?? current?.level) as LocalityLevel | undefined;
    if (input.code !== undefined && level) {
      check.pattern(
        problems,
        'code',
        input.code,
        new RegExp(`^\\d{${CODE_LENGTH[level]}}$`),
        `${CODE_LENGTH[level]} digits for a ${level}`,
      );
    }
    check.text(problems, 'name', input.name, 200);
    check.text(problems, 'shortName', input.shortName, 200);
    check.text(problems, 'source', input.source, 500);
    if (!current && level && level !== LocalityLevel.PROVINCE && input.parentCode == null) {
      problems.add('parentCode', `is required for a ${level}`);
    }
    if (!current && level === LocalityLevel.PROVINCE && input.parentCode != null) {
      problems.add('parentCode', 'must be empty for a province');
    }
    check.dateOrder(
      problems,
      'validTo',
      input.validFrom ?? (current?.valid_from as string | null),
      input.validTo,
      'validFrom',
    );
    const columns: Record<string, unknown> = {
      ...present(input, [
        'code',
        'name',
        'shortName',
        'type',
        'level',
        'ethnicMinorityArea',
        'mountainous',
        'island',
        'areaFlagsSource',
        'source',
      ]),
      ...('validFrom' in input ? { valid_from: isoDate(input.validFrom) } : {}),
      ...('validTo' in input ? { valid_to: isoDate(input.validTo) } : {}),
    };
    for (const flag of ['ethnic_minority_area', 'mountainous', 'island'])
      if (columns[flag] === null) delete columns[flag];
    if ('parentCode' in input)
      // The parent is the unit holding its code when this unit starts (or, with no start, on its last day).
      columns.parent_id = await localityIdOn(
        trx,
        problems,
        'parentCode',
        input.parentCode,
        unitDay(
          'validFrom' in input
            ? input.validFrom
            : (current?.valid_from as string | null | undefined),
          'validTo' in input ? input.validTo : (current?.valid_to as string | null | undefined),
        ),
      );
    for (const key of ['name', 'short_name', 'code', 'source']) {
      if (typeof columns[key] === 'string')
        columns[key] = (columns[key] as string).normalize('NFC').trim();
    }
    return columns;
  },
  async localities(_trx, row) {
    return row.id
      ? [row.id as number, row.parent_id as number | null]
      : [row.parent_id as number | null];
  },
};
