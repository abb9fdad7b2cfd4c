import { Field, InputType } from 'type-graphql';
import type { RecordSpec } from '../common/record-writer.js';
import { present } from '../common/record-writer.js';
import { check, idByCode } from '../common/validate.js';
import { Agency, AgencyKind } from './agency.entity.js';

@InputType({ description: 'A new agency' })
export class CreateAgencyInput {
  @Field(() => String, { description: 'Upper-case letters, digits and dashes, e.g. "QNG-SNV"' })
  code!: string;

  @Field(() => String, { description: 'Name in Vietnamese' })
  nameVi!: string;

  @Field(() => String, { description: 'Name in English' })
  nameEn!: string;

  @Field(() => AgencyKind, { description: 'Kind of agency' })
  kind!: AgencyKind;

  @Field(() => String, { description: 'GSO code of the locality' })
  localityCode!: string;

  @Field(() => String, { nullable: true, description: 'Code of the body it belongs to' })
  parentCode?: string | null;
}

@InputType({ description: 'Fields of an agency to change; fields left out keep their value' })
export class UpdateAgencyInput {
  @Field(() => String, { nullable: true, description: 'Name in Vietnamese' })
  nameVi?: string;

  @Field(() => String, { nullable: true, description: 'Name in English' })
  nameEn?: string;

  @Field(() => AgencyKind, { nullable: true, description: 'Kind of agency' })
  kind?: AgencyKind;

  @Field(() => String, { nullable: true, description: 'GSO code of the locality' })
  localityCode?: string;

  @Field(() => String, { nullable: true, description: 'Code of the unit it belongs to' })
  parentCode?: string | null;
}

export const agencyRecord: RecordSpec<Agency, CreateAgencyInput> = {
  entity: Agency,
  table: 'agency',
  async columns(trx, problems, input, current) {
    check.code(problems, input.code, 40);
    check.text(problems, 'nameVi', input.nameVi, 300);
    check.text(problems, 'nameEn', input.nameEn, 300);
    const columns = present(input, ['code', 'nameVi', 'nameEn', 'kind']);
    if ('localityCode' in input)
      columns.locality_id = await idByCode(
        trx,
        problems,
        'locality',
        'localityCode',
        input.localityCode,
      );
    if ('parentCode' in input) {
      columns.parent_id = await idByCode(trx, problems, 'agency', 'parentCode', input.parentCode);
      if (current && columns.parent_id === current.id)
        problems.add('parentCode', 'cannot be the agency itself');
    }
    return columns;
  },
  async localities(_trx, row) {
    return [row.locality_id as number];
  },
};
