import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Agency } from '../agency/agency.entity.js';
import { Locality } from '../locality/locality.entity.js';
import { DateScalar } from '../common/scalars.js';
import { Official } from './official.entity.js';
import { VersionedRecord } from '../common/versioned-record.js';

export enum OrganisationKind {
  PARTY_COMMITTEE = 'PARTY_COMMITTEE',
  PEOPLES_COUNCIL = 'PEOPLES_COUNCIL',
  PEOPLES_COMMITTEE = 'PEOPLES_COMMITTEE',
  AGENCY = 'AGENCY',
  COMMITTEE = 'COMMITTEE',
  MASS_ORGANISATION = 'MASS_ORGANISATION',
}

registerEnumType(OrganisationKind, {
  name: 'OrganisationKind',
  description: 'Kind of body a post belongs to',
  valuesConfig: {
    PARTY_COMMITTEE: { description: 'Cấp ủy Đảng' },
    PEOPLES_COUNCIL: { description: 'Hội đồng nhân dân' },
    PEOPLES_COMMITTEE: { description: 'Ủy ban nhân dân' },
    AGENCY: { description: 'A specialised agency such as a provincial department (Sở)' },
    COMMITTEE: { description: 'An inter-agency committee such as the Ban VSTBPN' },
    MASS_ORGANISATION: { description: "A mass organisation such as the Women's Union" },
  },
});

@ObjectType({ description: "A post an official holds in a local government's body or an agency" })
@Entity({ tableName: 'official_position' })
export class Position extends VersionedRecord {
  @Field(() => ID, { description: 'Database id' })
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @ManyToOne(() => Official)
  official!: Official;

  @Field(() => String, { description: 'e.g. "Chủ tịch Ủy ban nhân dân"' })
  @Property({ type: 'string', columnType: 'text' })
  title!: string;

  @Field(() => OrganisationKind, { description: 'Kind of body the post belongs to' })
  @Enum({ items: () => OrganisationKind, type: 'string', columnType: 'text' })
  organisationKind!: OrganisationKind;

  /** The local government the post belongs to (for an agency post, the agency's locality). */
  @ManyToOne(() => Locality)
  locality!: Locality;

  @ManyToOne(() => Agency, { nullable: true })
  agency?: Agency | null;

  @Field(() => Boolean, {
    description: 'A key leadership post (lãnh đạo chủ chốt): secretary, chair or vice chair',
  })
  @Property({ type: 'boolean' })
  isKeyLeadership!: boolean;

  @Field(() => DateScalar, { description: 'First day in the post' })
  @Property({ type: 'date' })
  startDate!: string;

  @Field(() => DateScalar, { nullable: true, description: 'Last day in post; null while held' })
  @Property({ type: 'date', nullable: true })
  endDate?: string | null;
}
