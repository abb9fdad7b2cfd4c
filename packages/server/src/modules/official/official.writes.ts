import { Field, ID, InputType, Int } from 'type-graphql';
import type { RecordSpec } from '../common/record-writer.js';
import { liveOfficialInScope, present } from '../common/record-writer.js';
import { DateScalar } from '../common/scalars.js';
import { check, idByCode, isoDate, localityIdOn } from '../common/validate.js';
import { Official, Sex } from './official.entity.js';
import { OrganisationKind, Position } from './position.entity.js';

@InputType({ description: 'A new official' })
export class CreateOfficialInput {
  @Field(() => String, { description: 'Full name' })
  fullName!: string;

  @Field(() => Sex, { description: 'Sex of the official' })
  sex!: Sex;

  @Field(() => Int, { nullable: true, description: 'Year of birth' })
  birthYear?: number | null;

  @Field(() => String, { description: 'e.g. "Kinh", "Hrê", "Cor", "Ca Dong"' })
  ethnicity!: string;

  @Field(() => String, { nullable: true, description: 'GSO code of the home locality' })
  homeLocalityCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Identifier in the source system; unique' })
  reference?: string | null;
}

@InputType({ description: 'Fields of an official to change; fields left out keep their value' })
export class UpdateOfficialInput {
  @Field(() => String, { nullable: true, description: 'Full name' })
  fullName?: string;

  @Field(() => Sex, { nullable: true, description: 'Sex of the official' })
  sex?: Sex;

  @Field(() => Int, { nullable: true, description: 'Year of birth' })
  birthYear?: number | null;

  @Field(() => String, { nullable: true, description: 'Ethnicity' })
  ethnicity?: string;

  @Field(() => String, { nullable: true, description: 'GSO code of the home locality' })
  homeLocalityCode?: string | null;

  @Field(() => String, { nullable: true, description: 'Identifier in the source system; unique' })
  reference?: string | null;
}

function trimmed(columns: Record<string, unknown>, keys: string[]) {
  for (const key of keys) {
    if (typeof columns[key] === 'string')
      columns[key] = (columns[key] as string).normalize('NFC').trim();
  }
  return columns;
}

export const officialRecord: RecordSpec<Official, CreateOfficialInput> = {
  entity: Official,
  table: 'official',
  async columns(trx, problems, input) {
    check.text(problems, 'fullName', input.fullName, 200);
    check.text(problems, 'ethnicity', input.ethnicity, 50);
    check.text(problems, 'reference', input.reference, 100);
    check.integer(problems, 'birthYear', input.birthYear, 1920, 2015);
    const columns = present(input, ['fullName', 'sex', 'birthYear', 'ethnicity', 'reference']);
    if ('homeLocalityCode' in input) {
      columns.home_locality_id = await idByCode(
        trx,
        problems,
        'locality',
        'homeLocalityCode',
        input.homeLocalityCode,
      );
    }
    return trimmed(columns, ['full_name', 'ethnicity', 'reference']);
  },
  async localities(_trx, row) {
    return [row.home_locality_id as number | null];
  },
};

@InputType({ description: 'A new post of an official' })
export class CreatePositionInput {
  @Field(() => ID, { description: 'Database id of the official' })
  officialId!: string;

  @Field(() => String, { description: 'e.g. "Phó Chủ tịch Ủy ban nhân dân"' })
  title!: string;

  @Field(() => OrganisationKind, { description: 'Kind of body the post belongs to' })
  organisationKind!: OrganisationKind;

  @Field(() => String, { description: 'The local government the post belongs to' })
  localityCode!: string;

  @Field(() => String, { nullable: true, description: 'Code of the agency' })
  agencyCode?: string | null;

  @Field(() => Boolean, { description: 'Whether the post is a key leadership post' })
  isKeyLeadership!: boolean;

  @Field(() => DateScalar, { description: 'First day in the post' })
  startDate!: Date;

  @Field(() => DateScalar, { nullable: true, description: 'Last day in the post; none while held' })
  endDate?: Date | null;
}

@InputType({ description: 'Fields of a position to change; fields left out keep their value' })
export class UpdatePositionInput {
  @Field(() => String, { nullable: true, description: 'Title of the post' })
  title?: string;

  @Field(() => OrganisationKind, {
    nullable: true,
    description: 'Kind of body the post belongs to',
  })
  organisationKind?: OrganisationKind;

  @Field(() => String, { nullable: true, description: 'GSO code of the locality' })
  localityCode?: string;

  @Field(() => String, { nullable: true, description: 'Code of the agency' })
  agencyCode?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Whether the post is a key leadership post',
  })
  isKeyLeadership?: boolean;

  @Field(() => DateScalar, { nullable: true, description: 'First day in the post' })
  startDate?: Date;

  @Field(() => DateScalar, { nullable: true, description: 'Last day in the post; none while held' })
  endDate?: Date | null;
}

export const positionRecord: RecordSpec<Position, CreatePositionInput> = {
  entity: Position,
  table: 'official_position',
  officialColumn: 'official_id',
  async columns(trx, problems, input, current, scope) {
    check.text(problems, 'title', input.title, 200);
    const columns = present(input, ['title', 'organisationKind', 'isKeyLeadership']);
    if ('officialId' in input) {
      columns.official_id = await liveOfficialInScope(
        trx,
        problems,
        scope,
        'officialId',
        input.officialId,
      );
    }
    if ('localityCode' in input)
      // A post belongs to the unit holding the code on the post's first day.
      columns.locality_id = await localityIdOn(
        trx,
        problems,
        'localityCode',
        input.localityCode,
        input.startDate ?? (current?.start_date as string | undefined) ?? new Date(),
      );
    if ('agencyCode' in input)
      columns.agency_id = await idByCode(trx, problems, 'agency', 'agencyCode', input.agencyCode);
    if ('startDate' in input) columns.start_date = isoDate(input.startDate);
    if ('endDate' in input) columns.end_date = isoDate(input.endDate);
    check.dateOrder(
      problems,
      'endDate',
      input.startDate ?? (current?.start_date as string | undefined),
      input.endDate,
      'startDate',
    );
    return columns;
  },
  async localities(_trx, row) {
    return [row.locality_id as number];
  },
};
