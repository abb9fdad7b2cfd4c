import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Locality } from '../locality/locality.entity.js';
import { VersionedRecord } from '../common/versioned-record.js';

export enum AgencyKind {
  PEOPLES_COMMITTEE = 'PEOPLES_COMMITTEE',
  DEPARTMENT = 'DEPARTMENT',
  COMMITTEE = 'COMMITTEE',
  MASS_ORGANISATION = 'MASS_ORGANISATION',
  STATISTICS_OFFICE = 'STATISTICS_OFFICE',
}

registerEnumType(AgencyKind, {
  name: 'AgencyKind',
  description: 'Kind of agency',
  valuesConfig: {
    PEOPLES_COMMITTEE: { description: 'Ủy ban nhân dân' },
    DEPARTMENT: { description: 'A specialised department (Sở)' },
    COMMITTEE: {
      description: 'An inter-agency committee (Ban), e.g. Ban Vì sự tiến bộ của phụ nữ',
    },
    MASS_ORGANISATION: { description: "A mass organisation, e.g. the Women's Union" },
    STATISTICS_OFFICE: { description: 'The statistics office' },
  },
});

@ObjectType({ description: 'A government agency, department or committee of a locality' })
@Entity({ tableName: 'agency' })
export class Agency extends VersionedRecord {
  @Field(() => ID, { description: 'Database id' })
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => String, { description: 'Stable code, e.g. "QNG-SNV"' })
  @Property({ type: 'string', columnType: 'text' })
  code!: string;

  @Field(() => String, { description: 'Name in Vietnamese' })
  @Property({ type: 'string', columnType: 'text' })
  nameVi!: string;

  @Field(() => String, { description: 'Name in English' })
  @Property({ type: 'string', columnType: 'text' })
  nameEn!: string;

  @Field(() => AgencyKind, { description: 'Kind of agency' })
  @Enum({ items: () => AgencyKind, type: 'string', columnType: 'text' })
  kind!: AgencyKind;

  @ManyToOne(() => Locality)
  locality!: Locality;

  /** The body it belongs to, e.g. a committee under the provincial People's Committee. */
  @ManyToOne(() => Agency, { nullable: true })
  parent?: Agency | null;
}
