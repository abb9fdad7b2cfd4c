import { Entity, Enum, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DateScalar } from '../common/scalars.js';
import { VersionedRecord } from '../common/versioned-record.js';

export enum LocalityLevel {
  PROVINCE = 'PROVINCE',
  DISTRICT = 'DISTRICT',
  COMMUNE = 'COMMUNE',
}

/** Kinds of administrative unit; `typeName` gives the Vietnamese name used in official lists. */
export enum LocalityType {
  PROVINCE = 'PROVINCE',
  CENTRAL_CITY = 'CENTRAL_CITY',
  URBAN_DISTRICT = 'URBAN_DISTRICT',
  RURAL_DISTRICT = 'RURAL_DISTRICT',
  DISTRICT_TOWN = 'DISTRICT_TOWN',
  PROVINCIAL_CITY = 'PROVINCIAL_CITY',
  COMMUNE = 'COMMUNE',
  WARD = 'WARD',
  TOWNSHIP = 'TOWNSHIP',
  SPECIAL_ZONE = 'SPECIAL_ZONE',
}

export const LOCALITY_TYPE_NAMES: Record<LocalityType, string> = {
  [LocalityType.PROVINCE]: 'Tỉnh',
  [LocalityType.CENTRAL_CITY]: 'Thành phố Trung ương',
  [LocalityType.URBAN_DISTRICT]: 'Quận',
  [LocalityType.RURAL_DISTRICT]: 'Huyện',
  [LocalityType.DISTRICT_TOWN]: 'Thị xã',
  [LocalityType.PROVINCIAL_CITY]: 'Thành phố',
  [LocalityType.COMMUNE]: 'Xã',
  [LocalityType.WARD]: 'Phường',
  [LocalityType.TOWNSHIP]: 'Thị trấn',
  [LocalityType.SPECIAL_ZONE]: 'Đặc khu',
};

registerEnumType(LocalityLevel, {
  name: 'LocalityLevel',
  description: 'Tier of local government: province, district (abolished 2025-07-01) or commune',
  valuesConfig: {
    PROVINCE: { description: 'Province or centrally-run city (Tỉnh/Thành phố)' },
    DISTRICT: { description: 'District, town or provincial city (Huyện); none after 2025-07-01' },
    COMMUNE: { description: 'Commune, ward, township or special zone (Xã)' },
  },
});
registerEnumType(LocalityType, {
  name: 'LocalityType',
  description: 'Kind of administrative unit (Tỉnh, Huyện, Thị xã, Xã, Phường, Thị trấn …)',
  valuesConfig: Object.fromEntries(
    Object.entries(LOCALITY_TYPE_NAMES).map(([type, name]) => [type, { description: name }]),
  ),
});

@ObjectType({
  description:
    'An administrative unit with its official GSO code, valid over a period (codes are reused across reforms)',
})
@Entity({ tableName: 'locality' })
export class Locality extends VersionedRecord {
  @Field(() => ID, { description: 'Database id' })
  @PrimaryKey({ type: 'integer' })
  id!: number;

  @Field(() => String, {
    description: 'Official GSO code, leading zeros kept ("51", "522", "21010")',
  })
  @Property({ type: 'string', columnType: 'text' })
  code!: string;

  @Field(() => String, { description: 'Full name as published, e.g. "Tỉnh Quảng Ngãi"' })
  @Property({ type: 'string', columnType: 'text' })
  name!: string;

  @Field(() => String, { description: 'Name without the unit-type prefix, e.g. "Quảng Ngãi"' })
  @Property({ type: 'string', columnType: 'text' })
  shortName!: string;

  @Field(() => LocalityType, { description: 'Kind of administrative unit' })
  @Enum({ items: () => LocalityType, type: 'string', columnType: 'text' })
  type!: LocalityType;

  @Field(() => LocalityLevel, { description: 'Tier of local government of the unit' })
  @Enum({ items: () => LocalityLevel, type: 'string', columnType: 'text' })
  level!: LocalityLevel;

  @ManyToOne(() => Locality, { nullable: true })
  parent?: Locality | null;

  /** Ancestor ids and own id, `/1/14/203/`; maintained by a trigger, used for subtree filters. */
  @Property({ type: 'string', columnType: 'text', persist: false })
  path!: string;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'First day this unit and code were in force; null when the start is not recorded',
  })
  @Property({ type: 'date', nullable: true })
  validFrom?: string | null;

  @Field(() => DateScalar, {
    nullable: true,
    description: 'First day this unit was no longer in force; null while it still is',
  })
  @Property({ type: 'date', nullable: true })
  validTo?: string | null;

  @Field(() => Boolean, {
    description:
      'The end date is approximate: the unit ended on or before validTo, the exact day is not recorded',
  })
  @Property({ type: 'boolean', default: false })
  validToApproximate: boolean = false;

  @Field(() => Boolean, { description: 'In an ethnic-minority area' })
  @Property({ type: 'boolean', default: false })
  ethnicMinorityArea: boolean = false;

  @Field(() => Boolean, { description: 'Whether the unit is mountainous' })
  @Property({ type: 'boolean', default: false })
  mountainous: boolean = false;

  @Field(() => Boolean, { description: 'Whether the unit is an island unit' })
  @Property({ type: 'boolean', default: false })
  island: boolean = false;

  @Field(() => String, {
    nullable: true,
    description: 'Where the area flags come from, and whether they are derived',
  })
  @Property({ type: 'string', columnType: 'text', nullable: true })
  areaFlagsSource?: string | null;

  @Field(() => String, { description: 'Where the code and name come from' })
  @Property({ type: 'string', columnType: 'text' })
  source!: string;
}
