import { Arg, Field, ObjectType, Query, Resolver, registerEnumType } from 'type-graphql';
import { AgencyKind } from '../agency/agency.entity.js';
import { LocalityLevel, LocalityType, LOCALITY_TYPE_NAMES } from '../locality/locality.entity.js';
import { Sex } from '../official/official.entity.js';
import { OrganisationKind } from '../official/position.entity.js';
import { IndicatorUnit, TargetDirection } from '../strategy/indicator.entity.js';
import { ApprovalStatus, ValueStatus } from '../strategy/indicator-value.entity.js';
import { TaskStatus } from '../task/task.entity.js';
import { EnrollmentStatus } from '../training/enrollment.entity.js';
import { TargetGroup, TrainingKind } from '../training/training-program.entity.js';

export enum Language {
  VI = 'VI',
  EN = 'EN',
}

registerEnumType(Language, {
  name: 'Language',
  description: 'Language of labels shown to people',
  valuesConfig: {
    VI: { description: 'Vietnamese (tiếng Việt)' },
    EN: { description: 'English' },
  },
});

interface Label {
  vi: string;
  en: string;
}

/** A label per value of an enum, in both languages. */
type Labels<E extends string> = Record<E, Label>;

const LOCALITY_TYPE_EN: Record<LocalityType, string> = {
  [LocalityType.PROVINCE]: 'Province',
  [LocalityType.CENTRAL_CITY]: 'Centrally-run city',
  [LocalityType.URBAN_DISTRICT]: 'Urban district',
  [LocalityType.RURAL_DISTRICT]: 'Rural district',
  [LocalityType.DISTRICT_TOWN]: 'District-level town',
  [LocalityType.PROVINCIAL_CITY]: 'Provincial city',
  [LocalityType.COMMUNE]: 'Commune',
  [LocalityType.WARD]: 'Ward',
  [LocalityType.TOWNSHIP]: 'Township',
  [LocalityType.SPECIAL_ZONE]: 'Special zone',
};

/**
 * The labels of the enums people see on dashboards, by GraphQL enum name. Every value of each
 * enum has a label in each language.
 */
export const ENUM_LABELS: Record<string, Labels<string>> = {
  LocalityLevel: {
    [LocalityLevel.PROVINCE]: { vi: 'Tỉnh/Thành phố', en: 'Province/City' },
    [LocalityLevel.DISTRICT]: { vi: 'Huyện', en: 'District' },
    [LocalityLevel.COMMUNE]: { vi: 'Xã', en: 'Commune' },
  } satisfies Labels<LocalityLevel>,
  LocalityType: Object.fromEntries(
    Object.values(LocalityType).map((type) => [
      type,
      { vi: LOCALITY_TYPE_NAMES[type], en: LOCALITY_TYPE_EN[type] },
    ]),
  ) as Labels<LocalityType>,
  Sex: {
    [Sex.FEMALE]: { vi: 'Nữ', en: 'Female' },
    [Sex.MALE]: { vi: 'Nam', en: 'Male' },
  } satisfies Labels<Sex>,
  ApprovalStatus: {
    [ApprovalStatus.DRAFT]: { vi: 'Bản nháp', en: 'Draft' },
    [ApprovalStatus.SUBMITTED]: { vi: 'Đã gửi', en: 'Submitted' },
    [ApprovalStatus.APPROVED]: { vi: 'Đã phê duyệt', en: 'Approved' },
  } satisfies Labels<ApprovalStatus>,
  ValueStatus: {
    [ValueStatus.MET]: { vi: 'Đạt', en: 'Met' },
    [ValueStatus.NOT_MET]: { vi: 'Chưa đạt', en: 'Not met' },
    [ValueStatus.NO_TARGET]: { vi: 'Không có chỉ tiêu', en: 'No target' },
    [ValueStatus.NO_DATA]: { vi: 'Chưa có số liệu', en: 'No data' },
  } satisfies Labels<ValueStatus>,
  OrganisationKind: {
    [OrganisationKind.PARTY_COMMITTEE]: { vi: 'Cấp ủy Đảng', en: 'Party committee' },
    [OrganisationKind.PEOPLES_COUNCIL]: { vi: 'Hội đồng nhân dân', en: "People's Council" },
    [OrganisationKind.PEOPLES_COMMITTEE]: { vi: 'Ủy ban nhân dân', en: "People's Committee" },
    [OrganisationKind.AGENCY]: { vi: 'Cơ quan chuyên môn', en: 'Specialised agency' },
    [OrganisationKind.COMMITTEE]: { vi: 'Ban', en: 'Committee' },
    [OrganisationKind.MASS_ORGANISATION]: {
      vi: 'Tổ chức chính trị - xã hội',
      en: 'Mass organisation',
    },
  } satisfies Labels<OrganisationKind>,
  AgencyKind: {
    [AgencyKind.PEOPLES_COMMITTEE]: { vi: 'Ủy ban nhân dân', en: "People's Committee" },
    [AgencyKind.DEPARTMENT]: { vi: 'Sở', en: 'Department' },
    [AgencyKind.COMMITTEE]: { vi: 'Ban', en: 'Committee' },
    [AgencyKind.MASS_ORGANISATION]: {
      vi: 'Tổ chức chính trị - xã hội',
      en: 'Mass organisation',
    },
    [AgencyKind.STATISTICS_OFFICE]: { vi: 'Cơ quan thống kê', en: 'Statistics office' },
  } satisfies Labels<AgencyKind>,
  IndicatorUnit: {
    [IndicatorUnit.PERCENT]: { vi: 'Phần trăm (%)', en: 'Percent (%)' },
    [IndicatorUnit.RATIO]: { vi: 'Tỷ số', en: 'Ratio' },
    [IndicatorUnit.RATE_PER_100K]: { vi: 'Trên 100.000', en: 'Per 100,000' },
    [IndicatorUnit.COUNT]: { vi: 'Số lượng', en: 'Count' },
    [IndicatorUnit.BOOLEAN]: { vi: 'Có/Không', en: 'Yes/No' },
  } satisfies Labels<IndicatorUnit>,
  TargetDirection: {
    [TargetDirection.AT_LEAST]: { vi: 'Tối thiểu', en: 'At least' },
    [TargetDirection.AT_MOST]: { vi: 'Tối đa', en: 'At most' },
    [TargetDirection.BELOW]: { vi: 'Dưới', en: 'Below' },
  } satisfies Labels<TargetDirection>,
  TrainingKind: {
    [TrainingKind.TRAINING]: { vi: 'Đào tạo', en: 'Training' },
    [TrainingKind.RETRAINING]: { vi: 'Bồi dưỡng', en: 'Retraining' },
    [TrainingKind.WORKSHOP]: { vi: 'Hội thảo, tập huấn', en: 'Workshop' },
  } satisfies Labels<TrainingKind>,
  TargetGroup: {
    [TargetGroup.FEMALE_OFFICIALS]: { vi: 'Cán bộ nữ', en: 'Female officials' },
    [TargetGroup.ETHNIC_MINORITY_OFFICIALS]: {
      vi: 'Cán bộ người dân tộc thiểu số',
      en: 'Ethnic minority officials',
    },
    [TargetGroup.ETHNIC_MINORITY_AREAS]: {
      vi: 'Vùng đồng bào dân tộc thiểu số',
      en: 'Ethnic minority areas',
    },
    [TargetGroup.MOUNTAINOUS_AREAS]: { vi: 'Vùng miền núi', en: 'Mountainous areas' },
    [TargetGroup.ISLAND_AREAS]: { vi: 'Vùng hải đảo', en: 'Island areas' },
    [TargetGroup.COMMUNE_OFFICIALS]: { vi: 'Cán bộ cấp xã', en: 'Commune officials' },
    [TargetGroup.YOUNG_OFFICIALS]: { vi: 'Cán bộ trẻ', en: 'Young officials' },
  } satisfies Labels<TargetGroup>,
  EnrollmentStatus: {
    [EnrollmentStatus.ENROLLED]: { vi: 'Đã ghi danh', en: 'Enrolled' },
    [EnrollmentStatus.COMPLETED]: { vi: 'Đã hoàn thành', en: 'Completed' },
    [EnrollmentStatus.WITHDRAWN]: { vi: 'Đã rút', en: 'Withdrawn' },
  } satisfies Labels<EnrollmentStatus>,
  TaskStatus: {
    [TaskStatus.PLANNED]: { vi: 'Kế hoạch', en: 'Planned' },
    [TaskStatus.IN_PROGRESS]: { vi: 'Đang thực hiện', en: 'In progress' },
    [TaskStatus.COMPLETED]: { vi: 'Đã hoàn thành', en: 'Completed' },
    [TaskStatus.CANCELLED]: { vi: 'Đã hủy', en: 'Cancelled' },
  } satisfies Labels<TaskStatus>,
};

@ObjectType({ description: 'A value of an enum with its label in the requested language' })
export class EnumValueLabel {
  @Field(() => String, { description: 'The enum value as the schema spells it, e.g. "FEMALE"' })
  value!: string;

  @Field(() => String, { description: 'What people read for it, e.g. "Nữ" or "Female"' })
  label!: string;
}

@ObjectType({ description: 'The labels of every value of one enum' })
export class EnumLabels {
  @Field(() => String, { description: 'The GraphQL name of the enum, e.g. "Sex"' })
  name!: string;

  @Field(() => [EnumValueLabel], { description: "The enum's values in schema order" })
  values!: EnumValueLabel[];
}

@Resolver()
export class LabelsResolver {
  @Query(() => [EnumLabels], {
    description:
      'Labels of the enums people see (levels, locality types, sexes, statuses, organisation and agency kinds, units, training kinds and target groups) in Vietnamese or English, for dashboards and exports; fixed text, open to every caller',
  })
  labels(
    @Arg('lang', () => Language, { description: 'Language of the labels' }) lang: Language,
  ): EnumLabels[] {
    const key = lang === Language.VI ? 'vi' : 'en';
    return Object.entries(ENUM_LABELS).map(([name, values]) => ({
      name,
      values: Object.entries(values).map(([value, label]) => ({ value, label: label[key] })),
    }));
  }
}
