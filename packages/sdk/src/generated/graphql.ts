/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Age in completed years on the reference day */
export type AgeBand =
  /** 30 to 39 */
  | 'FROM_30_TO_39'
  /** 40 to 49 */
  | 'FROM_40_TO_49'
  /** 50 to 59 */
  | 'FROM_50_TO_59'
  /** 60 or older */
  | 'FROM_60'
  /** Younger than 30 */
  | 'UNDER_30';

/** Which agency rows to list; every field given must match */
export type AgencyFilter = {
  /** The day `within` is read on (today by default): the unit holding the code then, its subtree, and the units that went into them in earlier reforms */
  asOf?: string | null | undefined;
  /** Include archived rows (left out by default) */
  includeArchived?: boolean | null | undefined;
  /** Only these kinds */
  kinds?: Array<AgencyKind> | null | undefined;
  /** Part of the name, ignoring diacritics and case */
  search?: string | null | undefined;
  /** Agencies of the unit with this code or under it, or of a unit that went into them (see asOf) */
  within?: string | null | undefined;
};

/** Kind of agency */
export type AgencyKind =
  /** An inter-agency committee (Ban), e.g. Ban Vì sự tiến bộ của phụ nữ */
  | 'COMMITTEE'
  /** A specialised department (Sở) */
  | 'DEPARTMENT'
  /** A mass organisation, e.g. the Women's Union */
  | 'MASS_ORGANISATION'
  /** Ủy ban nhân dân */
  | 'PEOPLES_COMMITTEE'
  /** The statistics office */
  | 'STATISTICS_OFFICE';

/** DRAFT → SUBMITTED → APPROVED, or back to DRAFT with a reason; aggregates count APPROVED values */
export type ApprovalStatus =
  /** Approved by a reviewer; counted by aggregates */
  | 'APPROVED'
  /** Entered or returned; never counted by aggregates */
  | 'DRAFT'
  /** Sent for review; counted by aggregates only with includeSubmitted */
  | 'SUBMITTED';

/** Kind of record whose changes the audit trail keeps */
export type AuditedEntity =
  /** An agency */
  | 'AGENCY'
  /** An official's enrolment in a training program */
  | 'ENROLLMENT'
  /** An indicator value */
  | 'INDICATOR_VALUE'
  /** A locality */
  | 'LOCALITY'
  /** A link from a unit to a unit it went into */
  | 'LOCALITY_SUCCESSION'
  /** An official */
  | 'OFFICIAL'
  /** An official's post */
  | 'POSITION'
  /** A task */
  | 'TASK'
  /** A training program */
  | 'TRAINING_PROGRAM';

/** Options of a breakdown */
export type BreakdownOptions = {
  /** Day posts and ages are judged on; today by default */
  asOf?: string | null | undefined;
  /** Drop cells smaller than this (never below the platform’s suppression threshold) */
  minCount?: number | null | undefined;
};

/** A new agency */
export type CreateAgencyInput = {
  /** Upper-case letters, digits and dashes, e.g. "QNG-SNV" */
  code: string;
  /** Kind of agency */
  kind: AgencyKind;
  /** GSO code of the locality */
  localityCode: string;
  /** Name in English */
  nameEn: string;
  /** Name in Vietnamese */
  nameVi: string;
  /** Code of the body it belongs to */
  parentCode?: string | null | undefined;
};

/** A new locality */
export type CreateLocalityInput = {
  /** Where the island, mountainous and ethnic minority area flags come from */
  areaFlagsSource?: string | null | undefined;
  /** GSO code: 2 digits (province), 3 (district) or 5 (commune) */
  code: string;
  /** Whether the unit is an ethnic minority area */
  ethnicMinorityArea?: boolean | null | undefined;
  /** Whether the unit is an island unit */
  island?: boolean | null | undefined;
  /** Level of local government */
  level: LocalityLevel;
  /** Whether the unit is mountainous */
  mountainous?: boolean | null | undefined;
  /** Full name of the unit */
  name: string;
  /** Required below the province level */
  parentCode?: string | null | undefined;
  /** Name without the unit-type prefix, e.g. "Quảng Ngãi" */
  shortName: string;
  /** Where the code and name come from, e.g. a resolution */
  source: string;
  /** Kind of administrative unit */
  type: LocalityType;
  /** First day the unit is in force */
  validFrom?: string | null | undefined;
  /** Last day the unit is in force; none while in force */
  validTo?: string | null | undefined;
};

/** A new official */
export type CreateOfficialInput = {
  /** Year of birth */
  birthYear?: number | null | undefined;
  /** e.g. "Kinh", "Hrê", "Cor", "Ca Dong" */
  ethnicity: string;
  /** Full name */
  fullName: string;
  /** GSO code of the home locality */
  homeLocalityCode?: string | null | undefined;
  /** Identifier in the source system; unique */
  reference?: string | null | undefined;
  /** Sex of the official */
  sex: Sex;
};

/** A new post of an official */
export type CreatePositionInput = {
  /** Code of the agency */
  agencyCode?: string | null | undefined;
  /** Last day in the post; none while held */
  endDate?: string | null | undefined;
  /** Whether the post is a key leadership post */
  isKeyLeadership: boolean;
  /** The local government the post belongs to */
  localityCode: string;
  /** Database id of the official */
  officialId: string | number;
  /** Kind of body the post belongs to */
  organisationKind: OrganisationKind;
  /** First day in the post */
  startDate: string;
  /** e.g. "Phó Chủ tịch Ủy ban nhân dân" */
  title: string;
};

/** A new task */
export type CreateTaskInput = {
  /** Code of the agency that carries it out */
  assigneeCode: string;
  /** Code of the task */
  code: string;
  /** Code of the committee that assigns it */
  committeeCode?: string | null | undefined;
  /** Only for a COMPLETED task */
  completedOn?: string | null | undefined;
  /** What the task is about */
  description?: string | null | undefined;
  /** Day the task is due */
  dueDate?: string | null | undefined;
  /** Where the figure comes from */
  source: string;
  /** Where the task stands */
  status?: TaskStatus;
  /** Title of the task */
  title: string;
};

/** A new training program */
export type CreateTrainingProgramInput = {
  /** Places in the program */
  capacity: number;
  /** Code of the program */
  code: string;
  /** Last day of the program */
  endDate: string;
  /** Kind of program */
  kind: TrainingKind;
  /** Where it is held */
  localityCode: string;
  /** Code of the organising agency */
  organiserCode: string;
  /** First day of the program */
  startDate: string;
  /** Groups the program is meant for */
  targetGroups?: Array<TargetGroup>;
  /** Title of the program */
  title: string;
};

/** How a year's value of a unit that did not exist yet was obtained from the units it came from */
export type Derivation =
  /** One predecessor went wholly into the unit: its value is carried over */
  | 'CARRIED'
  /** No value can be derived: a predecessor was divided, reported nothing or no fraction, or the indicator's unit does not combine; see predecessorValues */
  | 'NOT_DERIVABLE'
  /** Rates: the predecessors' numerators summed over their summed denominators */
  | 'RATIO_OF_SUMS'
  /** Counts: the predecessors' values added up */
  | 'SUM';

/** An official to enrol in a training program */
export type EnrollOfficialInput = {
  /** Required exactly when status is COMPLETED */
  completedOn?: string | null | undefined;
  /** Database id of the official */
  officialId: string | number;
  /** Code of the training program */
  programCode: string;
  /** Where the official's place stands */
  status?: EnrollmentStatus;
};

/** Which enrollment rows to list; every field given must match */
export type EnrollmentFilter = {
  /** Include archived rows (left out by default) */
  includeArchived?: boolean | null | undefined;
  /** Only these statuses */
  statuses?: Array<EnrollmentStatus> | null | undefined;
};

/** Where an official's place in a training program stands */
export type EnrollmentStatus =
  /** Finished the program */
  | 'COMPLETED'
  /** Holds a place and has not finished */
  | 'ENROLLED'
  /** Left the program before finishing */
  | 'WITHDRAWN';

/** Kinh, the majority ethnicity, or any other ethnicity */
export type EthnicityGroup =
  /** Any ethnicity other than Kinh */
  | 'ETHNIC_MINORITY'
  /** Kinh, the majority ethnicity */
  | 'KINH';

/** What a file imports */
export type ImportKind =
  /** Agencies, upserted on their codes; parents must already exist */
  | 'AGENCIES'
  /** Enrolments of officials in training programs */
  | 'ENROLLMENTS'
  /** Indicator values by indicator, locality and year */
  | 'INDICATOR_VALUES'
  /** Localities (administrative units) */
  | 'LOCALITIES'
  /** Which unit went into which on a day, and whether it was divided; the predecessor is the unit holding its code the day before, the successor the one holding its code that day */
  | 'LOCALITY_SUCCESSIONS'
  /** Officials with their posts */
  | 'OFFICIALS'
  /** One row per indicator a plan tracks or target it sets; each plan named is replaced as a whole */
  | 'PLANS'
  /** Training programs, upserted on their codes */
  | 'TRAINING_PROGRAMS';

/** Which indicator rows to list; every field given must match */
export type IndicatorFilter = {
  /** e.g. "MT1" */
  goalCode?: string | null | undefined;
  /** Only indicators this plan tracks */
  planCode?: string | null | undefined;
  /** Part of the Vietnamese or English name */
  search?: string | null | undefined;
  /** Defaults to every strategy */
  strategyCode?: string | null | undefined;
  /** Only indicators with these verification statuses */
  textStatuses?: Array<TextStatus> | null | undefined;
  /** Only indicators with these units */
  units?: Array<IndicatorUnit> | null | undefined;
};

/** Sort order of an indicator list */
export type IndicatorOrder = {
  /** Ascending or descending */
  direction?: OrderDirection;
  /** What to sort by */
  field: IndicatorOrderField;
};

/** What indicators are sorted by */
export type IndicatorOrderField =
  /** Indicator code */
  | 'CODE'
  /** Name */
  | 'NAME';

/** Unit of an indicator, its targets and its values */
export type IndicatorUnit =
  /** 1 when achieved, 0 when not */
  | 'BOOLEAN'
  /** A non-negative whole number */
  | 'COUNT'
  /** A share in percent, 0–100 */
  | 'PERCENT'
  /** Events per 100,000 (e.g. maternal deaths per live births) */
  | 'RATE_PER_100K'
  /** A ratio such as boys per 100 girls, or women’s time relative to men’s */
  | 'RATIO';

/** Which indicator value rows to list; every field given must match */
export type IndicatorValueFilter = {
  /** Only values in these approval states, e.g. [SUBMITTED] for what awaits review */
  approvalStatuses?: Array<ApprovalStatus> | null | undefined;
  /** Code of the goal */
  goalCode?: string | null | undefined;
  /** Only illustrative (demo) values (true) or only reported ones (false) */
  illustrative?: boolean | null | undefined;
  /** Include archived rows (left out by default) */
  includeArchived?: boolean | null | undefined;
  /** Code of the indicator */
  indicatorCode?: string | null | undefined;
  /** Values of exactly the unit with this code at the end of `year` (or `yearTo`), else today */
  localityCode?: string | null | undefined;
  /** Only indicators this plan tracks */
  planCode?: string | null | undefined;
  /** Only these statuses */
  statuses?: Array<ValueStatus> | null | undefined;
  /** True: only totals (no disaggregation); false: only disaggregated rows */
  totalsOnly?: boolean | null | undefined;
  /** Values of the unit with this code at the end of `year` (or `yearTo`), else today, and of everything under it */
  within?: string | null | undefined;
  /** Year the figure is for */
  year?: number | null | undefined;
  /** From this year on */
  yearFrom?: number | null | undefined;
  /** Up to this year */
  yearTo?: number | null | undefined;
};

/** Sort order of an indicator value list */
export type IndicatorValueOrder = {
  /** Ascending or descending */
  direction?: OrderDirection;
  /** What to sort by */
  field: IndicatorValueOrderField;
};

/** What indicator values are sorted by */
export type IndicatorValueOrderField =
  /** Indicator */
  | 'INDICATOR'
  /** Locality */
  | 'LOCALITY'
  /** The value */
  | 'VALUE'
  /** Year */
  | 'YEAR';

/** Conditions a locality must meet; all given conditions apply together */
export type LocalityFilter = {
  /** Units of every period, current and former; asOf then only places `within` and `parentCode` */
  allPeriods?: boolean | null | undefined;
  /** Only units in force on this day; today by default (a name search without it looks through every period) */
  asOf?: string | null | undefined;
  /** Any of these official codes */
  codes?: Array<string> | null | undefined;
  /** Only ethnic minority areas (true) or only others (false) */
  ethnicMinorityArea?: boolean | null | undefined;
  /** Include archived rows (left out by default) */
  includeArchived?: boolean | null | undefined;
  /** Only island units (true) or only others (false) */
  island?: boolean | null | undefined;
  /** Level of local government */
  level?: LocalityLevel | null | undefined;
  /** Only mountainous units (true) or only others (false) */
  mountainous?: boolean | null | undefined;
  /** Direct children of the unit with this code */
  parentCode?: string | null | undefined;
  /** Part of the name, ignoring diacritics and case ("quang ngai" finds "Quảng Ngãi") */
  search?: string | null | undefined;
  /** Any of these kinds of unit */
  types?: Array<LocalityType> | null | undefined;
  /** The unit with this code and everything under it, at any depth */
  within?: string | null | undefined;
};

/** Tier of local government: province, district (abolished 2025-07-01) or commune */
export type LocalityLevel =
  /** Commune, ward, township or special zone (Xã) */
  | 'COMMUNE'
  /** District, town or provincial city (Huyện); none after 2025-07-01 */
  | 'DISTRICT'
  /** Province or centrally-run city (Tỉnh/Thành phố) */
  | 'PROVINCE';

/** Sort order of a locality list */
export type LocalityOrder = {
  /** Ascending or descending */
  direction?: OrderDirection;
  /** What to sort by */
  field: LocalityOrderField;
};

/** What localities are sorted by */
export type LocalityOrderField =
  /** Official code */
  | 'CODE'
  /** Level: provinces, then districts, then communes */
  | 'LEVEL'
  /** Short name, ignoring Vietnamese diacritics */
  | 'NAME';

/** Kind of administrative unit (Tỉnh, Huyện, Thị xã, Xã, Phường, Thị trấn …) */
export type LocalityType =
  /** Thành phố Trung ương */
  | 'CENTRAL_CITY'
  /** Xã */
  | 'COMMUNE'
  /** Thị xã */
  | 'DISTRICT_TOWN'
  /** Tỉnh */
  | 'PROVINCE'
  /** Thành phố */
  | 'PROVINCIAL_CITY'
  /** Huyện */
  | 'RURAL_DISTRICT'
  /** Đặc khu */
  | 'SPECIAL_ZONE'
  /** Thị trấn */
  | 'TOWNSHIP'
  /** Quận */
  | 'URBAN_DISTRICT'
  /** Phường */
  | 'WARD';

/** What to group officials by. Post dimensions (locality, level, organisation kind, key leadership) use the posts held on `asOf`; an official without one falls under the home locality */
export type OfficialDimension =
  /** Age band on the reference day */
  | 'AGE_BAND'
  /** Ethnicity */
  | 'ETHNICITY'
  /** Kinh or ethnic minority */
  | 'ETHNICITY_GROUP'
  /** Whether a post held on asOf is a key leadership post */
  | 'KEY_LEADERSHIP'
  /** Locality of a post held on asOf, else the home locality */
  | 'LOCALITY'
  /** Level of the locality of a post held on asOf */
  | 'LOCALITY_LEVEL'
  /** Kind of body of a post held on asOf */
  | 'ORGANISATION_KIND'
  /** Sex */
  | 'SEX';

/** Which official rows to list; every field given must match */
export type OfficialFilter = {
  /** The day `keyLeadership` and `within` posts are judged on; defaults to today */
  activeOn?: string | null | undefined;
  /** Born in this year or later */
  birthYearFrom?: number | null | undefined;
  /** Born in this year or earlier */
  birthYearTo?: number | null | undefined;
  /** True: any ethnicity but Kinh; false: Kinh */
  ethnicMinority?: boolean | null | undefined;
  /** Any of these ethnicities, e.g. ["Hrê", "Cor"] */
  ethnicities?: Array<string> | null | undefined;
  /** Include archived rows (left out by default) */
  includeArchived?: boolean | null | undefined;
  /** True: holds a key leadership post on `activeOn`; false: holds none */
  keyLeadership?: boolean | null | undefined;
  /** Part of the name, ignoring diacritics and case */
  search?: string | null | undefined;
  /** Only officials of this sex */
  sex?: Sex | null | undefined;
  /** Officials whose home locality, or a post held on `activeOn`, lies in the unit with this code or under it */
  within?: string | null | undefined;
};

/** Sort order of an official list */
export type OfficialOrder = {
  /** Ascending or descending */
  direction?: OrderDirection;
  /** What to sort by */
  field: OfficialOrderField;
};

/** What officials are sorted by */
export type OfficialOrderField =
  /** Year of birth */
  | 'BIRTH_YEAR'
  /** Name */
  | 'NAME';

/** Order of a sort */
export type OrderDirection =
  /** Smallest or earliest first */
  | 'ASC'
  /** Largest or latest first */
  | 'DESC';

/** Kind of body a post belongs to */
export type OrganisationKind =
  /** A specialised agency such as a provincial department (Sở) */
  | 'AGENCY'
  /** An inter-agency committee such as the Ban VSTBPN */
  | 'COMMITTEE'
  /** A mass organisation such as the Women's Union */
  | 'MASS_ORGANISATION'
  /** Cấp ủy Đảng */
  | 'PARTY_COMMITTEE'
  /** Ủy ban nhân dân */
  | 'PEOPLES_COMMITTEE'
  /** Hội đồng nhân dân */
  | 'PEOPLES_COUNCIL';

/** A target a plan sets for one of its indicators in one year */
export type PlanTargetInput = {
  /** An indicator the plan tracks, e.g. "MT1.1" */
  indicatorCode: string;
  /** The plan's own target, in the indicator's unit */
  value: number;
  /** A year within the plan's period */
  year: number;
};

/** Which posts to list */
export type PositionFilter = {
  /** Only posts held on this day */
  activeOn?: string | null | undefined;
  /** Include archived rows (left out by default) */
  includeArchived?: boolean | null | undefined;
  /** Only key leadership posts (true) or only other posts (false) */
  keyLeadership?: boolean | null | undefined;
  /** Only posts in bodies of these kinds */
  organisationKinds?: Array<OrganisationKind> | null | undefined;
};

/** A value for indicator × locality × year × disaggregation; replaces an earlier one */
export type ReportIndicatorValueInput = {
  /** Required with a numerator; positive */
  denominator?: number | null | undefined;
  /** e.g. "sex:FEMALE"; omit for the total */
  disaggregation?: string | null | undefined;
  /** Code of the indicator */
  indicatorCode: string;
  /** GSO code of the locality */
  localityCode: string;
  /** Free-text note */
  note?: string | null | undefined;
  /** Numerator of the value, when it is a share or rate */
  numerator?: number | null | undefined;
  /** Where the figure comes from */
  source?: string | null | undefined;
  /** The target that applied */
  target?: number | null | undefined;
  /** Null reports that no value is available */
  value?: number | null | undefined;
  /** When replacing a value: the version read, so a concurrent change is not lost */
  version?: number | null | undefined;
  /** A year of the strategy period */
  year: number;
};

/** What a review call does to every value it names */
export type ReviewAction =
  /** SUBMITTED → APPROVED, by an editor of a level above the locality or an admin who neither last changed nor submitted the value */
  | 'APPROVE'
  /** SUBMITTED or APPROVED → DRAFT with a reason, by whoever may approve it */
  | 'RETURN'
  /** DRAFT → SUBMITTED, by an editor of the locality or above */
  | 'SUBMIT';

/** Which values a review call changes: `ids`, or `within` and `year` (every value there in the state the action moves from). At most 10000 values */
export type ReviewIndicatorValuesInput = {
  /** What to do to every value named */
  action: ReviewAction;
  /** Ids of the values (at most 10000) */
  ids?: Array<string | number> | null | undefined;
  /** With `within`: only values of these indicators */
  indicatorCodes?: Array<string> | null | undefined;
  /** Why the values go back; RETURN only */
  reason?: string | null | undefined;
  /** With `ids`: the version of each value as you reviewed it, in the order of `ids`. Required to APPROVE by ids, so that what is approved is what was reviewed: a value changed since is refused (CONFLICT) and nothing changes. By `within` and `year`, values are approved as they stand when the call runs */
  versions?: Array<number> | null | undefined;
  /** The values of the locality with this code and of everything under it */
  within?: string | null | undefined;
  /** With `within`: the year of the values */
  year?: number | null | undefined;
};

/** How the units' values of an indicator are combined into one figure */
export type RollupMethod =
  /** Yes/no indicators: 1 only where every unit reported and achieved it; 0 as soon as one unit did not; null (incomplete) while units without a value leave it open */
  | 'ALL'
  /** Rates: summed numerators over summed denominators, never an average of rates */
  | 'RATIO_OF_SUMS'
  /** Counts add up */
  | 'SUM';

/** A locality's plan: created when the code is new, otherwise replaced as a whole (its indicators and its own targets) */
export type SavePlanInput = {
  /** Unique code of the plan, e.g. "QNG-NQ28-2021-2030" */
  code: string;
  /** Last year the plan is in force */
  endYear: number;
  /** Codes of the strategy indicators the plan tracks (at most 500); attainment counts exactly these */
  indicatorCodes: Array<string>;
  /** The locality that adopts the plan */
  localityCode: string;
  /** Name of the plan as published */
  name: string;
  /** Where the plan is published, e.g. a decision number */
  source: string;
  /** First year the plan is in force */
  startYear: number;
  /** The strategy it implements */
  strategyCode?: string;
  /** The plan's own targets where they differ from the national ones (at most 5000) */
  targets?: Array<PlanTargetInput> | null | undefined;
};

/** Sex of an official as recorded in personnel files */
export type Sex =
  /** Female (nữ) */
  | 'FEMALE'
  /** Male (nam) */
  | 'MALE';

/** How a value is judged against its target */
export type TargetDirection =
  /** Met when value ≥ target */
  | 'AT_LEAST'
  /** Met when value ≤ target */
  | 'AT_MOST'
  /** Met when value < target */
  | 'BELOW';

/** A group of officials or areas a training program is meant for */
export type TargetGroup =
  /** Officials of communes (cấp xã) */
  | 'COMMUNE_OFFICIALS'
  /** Officials working in ethnic minority areas */
  | 'ETHNIC_MINORITY_AREAS'
  /** Officials of ethnic minorities */
  | 'ETHNIC_MINORITY_OFFICIALS'
  /** Female officials (cán bộ nữ) */
  | 'FEMALE_OFFICIALS'
  /** Officials working on islands */
  | 'ISLAND_AREAS'
  /** Officials working in mountainous areas */
  | 'MOUNTAINOUS_AREAS'
  /** Young officials */
  | 'YOUNG_OFFICIALS';

/** Which task rows to list; every field given must match */
export type TaskFilter = {
  /** Code of the agency the task is assigned to */
  assigneeCode?: string | null | undefined;
  /** Code of the committee that assigned it */
  committeeCode?: string | null | undefined;
  /** Due on or after this day */
  dueFrom?: string | null | undefined;
  /** Due on or before this day */
  dueTo?: string | null | undefined;
  /** Include archived rows (left out by default) */
  includeArchived?: boolean | null | undefined;
  /** Only these statuses */
  statuses?: Array<TaskStatus> | null | undefined;
};

/** Where a task stands */
export type TaskStatus =
  /** Dropped before completion */
  | 'CANCELLED'
  /** Done */
  | 'COMPLETED'
  /** Under way */
  | 'IN_PROGRESS'
  /** Assigned, not started */
  | 'PLANNED';

/** How far the wording and targets of an indicator are verified against the resolution */
export type TextStatus =
  /** Topic known; wording and targets not verified */
  | 'TOPIC_ONLY'
  /** Only the existence of the line is known; not official wording */
  | 'UNKNOWN'
  /** Vietnamese wording and targets quoted from the resolution */
  | 'VERIFIED'
  /** Targets from English summaries; Vietnamese wording not quoted */
  | 'VERIFIED_EN_ONLY';

/** What to group enrolments by; area flags and locality are the participant's home */
export type TrainingDimension =
  /** Kinh or ethnic minority, of the participant */
  | 'ETHNICITY_GROUP'
  /** Whether the participant's home is an ethnic minority area */
  | 'ETHNIC_MINORITY_AREA'
  /** Whether the participant's home is an island */
  | 'ISLAND'
  /** The participant's home locality */
  | 'LOCALITY'
  /** Whether the participant's home is mountainous */
  | 'MOUNTAINOUS'
  /** Kind of program */
  | 'PROGRAM_KIND'
  /** Sex of the participant */
  | 'SEX'
  /** Year the program started */
  | 'YEAR';

/** Kind of training program */
export type TrainingKind =
  /** Bồi dưỡng: refresher or skills training */
  | 'RETRAINING'
  /** Đào tạo: a course leading to a qualification */
  | 'TRAINING'
  /** Hội thảo, tập huấn: a short workshop */
  | 'WORKSHOP';

/** Which enrolments a training participation count covers; every field given must match */
export type TrainingParticipationFilter = {
  /** Only the program with this code */
  programCode?: string | null | undefined;
  /** Only programs of these kinds */
  programKinds?: Array<TrainingKind> | null | undefined;
  /** Participants whose home locality is the unit with this code or under it */
  within?: string | null | undefined;
  /** Programs that started in this year */
  year?: number | null | undefined;
  /** Programs that started in this year or later */
  yearFrom?: number | null | undefined;
  /** Programs that started in this year or earlier */
  yearTo?: number | null | undefined;
};

/** Which training program rows to list; every field given must match */
export type TrainingProgramFilter = {
  /** The day `within` is read on (today by default): the unit holding the code then, its subtree, and the units that went into them in earlier reforms */
  asOf?: string | null | undefined;
  /** Include archived rows (left out by default) */
  includeArchived?: boolean | null | undefined;
  /** Only these kinds */
  kinds?: Array<TrainingKind> | null | undefined;
  /** Code of the organising agency */
  organiserCode?: string | null | undefined;
  /** Part of the title, ignoring diacritics and case */
  search?: string | null | undefined;
  /** Programs aimed at this group */
  targetGroup?: TargetGroup | null | undefined;
  /** Held in the unit with this code or under it, or in a unit that went into them (see asOf) */
  within?: string | null | undefined;
  /** Programs that start in this year */
  year?: number | null | undefined;
};

/** Fields of an agency to change; fields left out keep their value */
export type UpdateAgencyInput = {
  /** Kind of agency */
  kind?: AgencyKind | null | undefined;
  /** GSO code of the locality */
  localityCode?: string | null | undefined;
  /** Name in English */
  nameEn?: string | null | undefined;
  /** Name in Vietnamese */
  nameVi?: string | null | undefined;
  /** Code of the unit it belongs to */
  parentCode?: string | null | undefined;
};

/** Fields of an enrolment to change; fields left out keep their value */
export type UpdateEnrollmentInput = {
  /** Day it was completed */
  completedOn?: string | null | undefined;
  /** Where the official's place stands */
  status?: EnrollmentStatus | null | undefined;
};

/** Fields to change; code and level never change (create a new unit instead) */
export type UpdateLocalityInput = {
  /** Where the island, mountainous and ethnic minority area flags come from */
  areaFlagsSource?: string | null | undefined;
  /** Whether the unit is an ethnic minority area */
  ethnicMinorityArea?: boolean | null | undefined;
  /** Whether the unit is an island unit */
  island?: boolean | null | undefined;
  /** Whether the unit is mountainous */
  mountainous?: boolean | null | undefined;
  /** Full name of the unit */
  name?: string | null | undefined;
  /** Code of the unit it belongs to */
  parentCode?: string | null | undefined;
  /** Name without the unit-type prefix, e.g. "Quảng Ngãi" */
  shortName?: string | null | undefined;
  /** Where the figure comes from */
  source?: string | null | undefined;
  /** Kind of administrative unit */
  type?: LocalityType | null | undefined;
  /** First day the unit is in force */
  validFrom?: string | null | undefined;
  /** Last day the unit is in force; none while in force */
  validTo?: string | null | undefined;
};

/** Fields of an official to change; fields left out keep their value */
export type UpdateOfficialInput = {
  /** Year of birth */
  birthYear?: number | null | undefined;
  /** Ethnicity */
  ethnicity?: string | null | undefined;
  /** Full name */
  fullName?: string | null | undefined;
  /** GSO code of the home locality */
  homeLocalityCode?: string | null | undefined;
  /** Identifier in the source system; unique */
  reference?: string | null | undefined;
  /** Sex of the official */
  sex?: Sex | null | undefined;
};

/** Fields of a position to change; fields left out keep their value */
export type UpdatePositionInput = {
  /** Code of the agency */
  agencyCode?: string | null | undefined;
  /** Last day in the post; none while held */
  endDate?: string | null | undefined;
  /** Whether the post is a key leadership post */
  isKeyLeadership?: boolean | null | undefined;
  /** GSO code of the locality */
  localityCode?: string | null | undefined;
  /** Kind of body the post belongs to */
  organisationKind?: OrganisationKind | null | undefined;
  /** First day in the post */
  startDate?: string | null | undefined;
  /** Title of the post */
  title?: string | null | undefined;
};

/** Fields of a task to change; fields left out keep their value */
export type UpdateTaskInput = {
  /** Code of the agency the task is assigned to */
  assigneeCode?: string | null | undefined;
  /** Code of the committee that assigned the task */
  committeeCode?: string | null | undefined;
  /** Day it was completed */
  completedOn?: string | null | undefined;
  /** What the task is about */
  description?: string | null | undefined;
  /** Day the task is due */
  dueDate?: string | null | undefined;
  /** Where the figure comes from */
  source?: string | null | undefined;
  /** Where the task stands */
  status?: TaskStatus | null | undefined;
  /** Title of the task */
  title?: string | null | undefined;
};

/** Fields of a training program to change; fields left out keep their value */
export type UpdateTrainingProgramInput = {
  /** Places in the program */
  capacity?: number | null | undefined;
  /** Last day of the program */
  endDate?: string | null | undefined;
  /** Kind of program */
  kind?: TrainingKind | null | undefined;
  /** GSO code of the locality */
  localityCode?: string | null | undefined;
  /** Code of the organising agency */
  organiserCode?: string | null | undefined;
  /** First day of the program */
  startDate?: string | null | undefined;
  /** Groups the program is meant for */
  targetGroups?: Array<TargetGroup> | null | undefined;
  /** Title of the program */
  title?: string | null | undefined;
};

/** Derived by the database from value, target and the indicator's direction */
export type ValueStatus =
  /** The value meets the target in the indicator's direction */
  | 'MET'
  /** The value does not meet the target */
  | 'NOT_MET'
  /** No value reported */
  | 'NO_DATA'
  /** There is a value but no target to judge it against */
  | 'NO_TARGET';

export type AgencyFieldsFragment = { id: string, code: string, nameVi: string, nameEn: string, kind: AgencyKind, locality: { code: string, name: string }, parent: { code: string } | null };

export type GetAgencyQueryVariables = Exact<{
  code?: string | null | undefined;
  id?: string | number | null | undefined;
}>;


export type GetAgencyQuery = { agency: { id: string, code: string, nameVi: string, nameEn: string, kind: AgencyKind, members: Array<{ title: string, organisationKind: OrganisationKind, startDate: string, endDate: string | null, official: { fullName: string | null, sex: Sex | null } }>, tasks: Array<{ code: string, title: string, dueDate: string | null, status: TaskStatus }>, locality: { code: string, name: string }, parent: { code: string } | null } | null };

export type ListAgenciesQueryVariables = Exact<{
  filter?: AgencyFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type ListAgenciesQuery = { agencies: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, nodes: Array<{ id: string, code: string, nameVi: string, nameEn: string, kind: AgencyKind, locality: { code: string, name: string }, parent: { code: string } | null }> } };

export type GetIndicatorAttainmentQueryVariables = Exact<{
  year: number;
  localityCode: string;
  planCode?: string | null | undefined;
  goalCode?: string | null | undefined;
}>;


export type GetIndicatorAttainmentQuery = { indicatorAttainment: { year: number, tracked: number, met: number, notMet: number, noTarget: number, noData: number, metShare: number | null, locality: { code: string, name: string }, plan: { code: string } | null, goals: Array<{ tracked: number, met: number, notMet: number, noTarget: number, noData: number, metShare: number | null, goal: { code: string, nameVi: string, nameEn: string } }>, indicators: Array<{ value: number | null, target: number | null, status: ValueStatus, gap: number | null, illustrative: boolean | null, indicator: { code: string, nameVi: string, nameEn: string, textStatus: TextStatus, unit: IndicatorUnit, target2025: number | null, target2030: number | null } }> } };

export type GetKeyLeaderCoverageQueryVariables = Exact<{
  localityCode: string;
  level: LocalityLevel;
  asOf: string;
}>;


export type GetKeyLeaderCoverageQuery = { keyLeaderCoverage: { level: LocalityLevel, asOf: string, units: number, withFemaleKeyLeader: number, share: number | null, locality: { code: string, name: string }, unitsWithout: Array<{ code: string, name: string }> } };

export type GetOfficialsBreakdownQueryVariables = Exact<{
  groupBy: Array<OfficialDimension> | OfficialDimension;
  filter?: OfficialFilter | null | undefined;
  options?: BreakdownOptions | null | undefined;
}>;


export type GetOfficialsBreakdownQuery = { officialsBreakdown: { total: number | null, perturbed: boolean, threshold: number, suppressedGroups: number, groups: Array<{ sex: Sex | null, ethnicityGroup: EthnicityGroup | null, ethnicity: string | null, localityLevel: LocalityLevel | null, ageBand: AgeBand | null, organisationKind: OrganisationKind | null, keyLeadership: boolean | null, count: number, share: number, locality: { code: string, name: string } | null }> } };

export type GetTrainingParticipationQueryVariables = Exact<{
  groupBy: Array<TrainingDimension> | TrainingDimension;
  filter?: TrainingParticipationFilter | null | undefined;
  options?: BreakdownOptions | null | undefined;
}>;


export type GetTrainingParticipationQuery = { trainingParticipation: { enrollments: number | null, completions: number | null, withdrawals: number | null, completionRate: number | null, perturbed: boolean, threshold: number, suppressedGroups: number, groups: Array<{ year: number | null, programKind: TrainingKind | null, sex: Sex | null, ethnicityGroup: EthnicityGroup | null, ethnicMinorityArea: boolean | null, mountainous: boolean | null, island: boolean | null, enrollments: number, completions: number, withdrawals: number, completionRate: number | null, locality: { code: string, name: string } | null }> } };

export type GetIndicatorSeriesQueryVariables = Exact<{
  indicatorCode: string;
  localityCode: string;
  fromYear?: number | null | undefined;
  toYear?: number | null | undefined;
  asOf?: string | null | undefined;
}>;


export type GetIndicatorSeriesQuery = { indicatorSeries: { fromYear: number, toYear: number, target2025: number | null, target2030: number | null, trendPerYear: number | null, projected2025: number | null, projected2030: number | null, onTrack2025: boolean | null, onTrack2030: boolean | null, points: Array<{ year: number, value: number | null, target: number | null, status: ValueStatus, gap2025: number | null, gap2030: number | null, derived: boolean, derivation: Derivation | null }> } };

export type GetIndicatorRollupQueryVariables = Exact<{
  indicatorCode: string;
  localityCode: string;
  year: number;
  fromLevel?: LocalityLevel | null | undefined;
}>;


export type GetIndicatorRollupQuery = { indicatorRollup: { year: number, fromLevel: LocalityLevel, method: RollupMethod, value: number | null, numerator: number | null, denominator: number | null, units: number, reporting: number, withoutFraction: number, reportedValue: number | null, complete: boolean, missing: Array<{ code: string, name: string }> } };

export type LocalityFieldsFragment = { id: string, code: string, name: string, shortName: string, type: LocalityType, typeName: string, level: LocalityLevel, validFrom: string | null, validTo: string | null, ethnicMinorityArea: boolean, mountainous: boolean, island: boolean };

export type GetLocalityQueryVariables = Exact<{
  code?: string | null | undefined;
  id?: string | number | null | undefined;
  asOf?: string | null | undefined;
}>;


export type GetLocalityQuery = { locality: { id: string, code: string, name: string, shortName: string, type: LocalityType, typeName: string, level: LocalityLevel, validFrom: string | null, validTo: string | null, ethnicMinorityArea: boolean, mountainous: boolean, island: boolean, parent: { code: string, name: string } | null, ancestors: Array<{ code: string, name: string, level: LocalityLevel }> } | null };

export type ListLocalitiesQueryVariables = Exact<{
  filter?: LocalityFilter | null | undefined;
  orderBy?: LocalityOrder | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type ListLocalitiesQuery = { localities: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, nodes: Array<{ id: string, code: string, name: string, shortName: string, type: LocalityType, typeName: string, level: LocalityLevel, validFrom: string | null, validTo: string | null, ethnicMinorityArea: boolean, mountainous: boolean, island: boolean }> } };

export type OfficialFieldsFragment = { id: string, fullName: string | null, sex: Sex | null, birthYear: number | null, ethnicity: string | null, ethnicMinority: boolean | null, reference: string | null, synthetic: boolean, homeLocality: { code: string, name: string } | null };

export type PositionFieldsFragment = { id: string, title: string, organisationKind: OrganisationKind, isKeyLeadership: boolean, startDate: string, endDate: string | null, locality: { code: string, name: string }, agency: { code: string, nameVi: string } | null };

export type GetOfficialQueryVariables = Exact<{
  id: string | number;
}>;


export type GetOfficialQuery = { official: { id: string, fullName: string | null, sex: Sex | null, birthYear: number | null, ethnicity: string | null, ethnicMinority: boolean | null, reference: string | null, synthetic: boolean, positions: Array<{ id: string, title: string, organisationKind: OrganisationKind, isKeyLeadership: boolean, startDate: string, endDate: string | null, locality: { code: string, name: string }, agency: { code: string, nameVi: string } | null }>, enrollments: Array<{ status: EnrollmentStatus, completedOn: string | null, program: { code: string, title: string } }> | null, homeLocality: { code: string, name: string } | null } | null };

export type ListOfficialsQueryVariables = Exact<{
  filter?: OfficialFilter | null | undefined;
  orderBy?: OfficialOrder | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type ListOfficialsQuery = { officials: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, nodes: Array<{ id: string, fullName: string | null, sex: Sex | null, birthYear: number | null, ethnicity: string | null, ethnicMinority: boolean | null, reference: string | null, synthetic: boolean, homeLocality: { code: string, name: string } | null }> } };

export type ListLocalityPositionsQueryVariables = Exact<{
  code: string;
  filter?: PositionFilter | null | undefined;
  asOf?: string | null | undefined;
}>;


export type ListLocalityPositionsQuery = { locality: { code: string, name: string, positions: Array<{ id: string, title: string, organisationKind: OrganisationKind, isKeyLeadership: boolean, startDate: string, endDate: string | null, official: { id: string, fullName: string | null, sex: Sex | null, birthYear: number | null, ethnicity: string | null, ethnicMinority: boolean | null, reference: string | null, synthetic: boolean, homeLocality: { code: string, name: string } | null }, locality: { code: string, name: string }, agency: { code: string, nameVi: string } | null }> } | null };

export type PageInfoFieldsFragment = { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null };

export type IndicatorFieldsFragment = { id: string, code: string, nameVi: string, nameEn: string, unit: IndicatorUnit, direction: TargetDirection, textStatus: TextStatus, valueScale: number, formula: string | null, dataSource: string | null, responsibleAgency: string | null, source: string, target2025: number | null, target2030: number | null, goal: { code: string, nameVi: string, nameEn: string } };

export type IndicatorValueFieldsFragment = { id: string, year: number, disaggregation: string | null, value: number | null, numerator: number | null, denominator: number | null, target: number | null, status: ValueStatus, source: string, note: string | null, illustrative: boolean, indicator: { code: string }, locality: { code: string, name: string } };

export type GetStrategyQueryVariables = Exact<{
  code?: string | null | undefined;
}>;


export type GetStrategyQuery = { strategy: { id: string, code: string, nameVi: string, nameEn: string, legalBasis: string, startYear: number, endYear: number, goals: Array<{ code: string, nameVi: string, nameEn: string, indicators: Array<{ code: string, nameVi: string, textStatus: TextStatus }> }>, plans: Array<{ code: string, name: string }> } | null };

export type GetPlanQueryVariables = Exact<{
  code: string;
}>;


export type GetPlanQuery = { plan: { id: string, code: string, name: string, startYear: number, endYear: number, source: string, locality: { code: string, name: string }, indicators: Array<{ id: string, code: string, nameVi: string, nameEn: string, unit: IndicatorUnit, direction: TargetDirection, textStatus: TextStatus, valueScale: number, formula: string | null, dataSource: string | null, responsibleAgency: string | null, source: string, target2025: number | null, target2030: number | null, goal: { code: string, nameVi: string, nameEn: string } }> } | null };

export type GetIndicatorQueryVariables = Exact<{
  code?: string | null | undefined;
  id?: string | number | null | undefined;
  strategyCode?: string | null | undefined;
}>;


export type GetIndicatorQuery = { indicator: { id: string, code: string, nameVi: string, nameEn: string, unit: IndicatorUnit, direction: TargetDirection, textStatus: TextStatus, valueScale: number, formula: string | null, dataSource: string | null, responsibleAgency: string | null, source: string, target2025: number | null, target2030: number | null, targets: Array<{ year: number, value: number, illustrative: boolean, source: string }>, goal: { code: string, nameVi: string, nameEn: string } } | null };

export type ListIndicatorsQueryVariables = Exact<{
  filter?: IndicatorFilter | null | undefined;
  orderBy?: IndicatorOrder | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type ListIndicatorsQuery = { indicators: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, nodes: Array<{ id: string, code: string, nameVi: string, nameEn: string, unit: IndicatorUnit, direction: TargetDirection, textStatus: TextStatus, valueScale: number, formula: string | null, dataSource: string | null, responsibleAgency: string | null, source: string, target2025: number | null, target2030: number | null, goal: { code: string, nameVi: string, nameEn: string } }> } };

export type ListIndicatorValuesQueryVariables = Exact<{
  filter?: IndicatorValueFilter | null | undefined;
  orderBy?: IndicatorValueOrder | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type ListIndicatorValuesQuery = { indicatorValues: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, nodes: Array<{ id: string, year: number, disaggregation: string | null, value: number | null, numerator: number | null, denominator: number | null, target: number | null, status: ValueStatus, source: string, note: string | null, illustrative: boolean, indicator: { code: string }, locality: { code: string, name: string } }> } };

export type TaskFieldsFragment = { id: string, code: string, title: string, description: string | null, dueDate: string | null, status: TaskStatus, completedOn: string | null, source: string, committee: { code: string, nameVi: string } | null, assignee: { code: string, nameVi: string } };

export type GetTaskQueryVariables = Exact<{
  code?: string | null | undefined;
  id?: string | number | null | undefined;
}>;


export type GetTaskQuery = { task: { id: string, code: string, title: string, description: string | null, dueDate: string | null, status: TaskStatus, completedOn: string | null, source: string, committee: { code: string, nameVi: string } | null, assignee: { code: string, nameVi: string } } | null };

export type ListTasksQueryVariables = Exact<{
  filter?: TaskFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type ListTasksQuery = { tasks: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, nodes: Array<{ id: string, code: string, title: string, description: string | null, dueDate: string | null, status: TaskStatus, completedOn: string | null, source: string, committee: { code: string, nameVi: string } | null, assignee: { code: string, nameVi: string } }> } };

export type TrainingProgramFieldsFragment = { id: string, code: string, title: string, kind: TrainingKind, startDate: string, endDate: string, targetGroups: Array<TargetGroup>, capacity: number, illustrative: boolean, organisingAgency: { code: string, nameVi: string }, locality: { code: string, name: string } };

export type GetTrainingProgramQueryVariables = Exact<{
  code?: string | null | undefined;
  id?: string | number | null | undefined;
}>;


export type GetTrainingProgramQuery = { trainingProgram: { id: string, code: string, title: string, kind: TrainingKind, startDate: string, endDate: string, targetGroups: Array<TargetGroup>, capacity: number, illustrative: boolean, organisingAgency: { code: string, nameVi: string }, locality: { code: string, name: string } } | null };

export type ListTrainingProgramsQueryVariables = Exact<{
  filter?: TrainingProgramFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type ListTrainingProgramsQuery = { trainingPrograms: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, nodes: Array<{ id: string, code: string, title: string, kind: TrainingKind, startDate: string, endDate: string, targetGroups: Array<TargetGroup>, capacity: number, illustrative: boolean, organisingAgency: { code: string, nameVi: string }, locality: { code: string, name: string } }> } };

export type ListEnrollmentsQueryVariables = Exact<{
  code: string;
  filter?: EnrollmentFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type ListEnrollmentsQuery = { trainingProgram: { code: string, enrollments: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, nodes: Array<{ id: string, status: EnrollmentStatus, completedOn: string | null, official: { id: string, fullName: string | null, sex: Sex | null, ethnicity: string | null } }> } } | null };

export type WrittenLocalityFieldsFragment = { id: string, version: number, code: string, name: string, level: LocalityLevel, archivedAt: unknown };

export type WrittenOfficialFieldsFragment = { id: string, version: number, fullName: string | null, sex: Sex | null, archivedAt: unknown };

export type WrittenPositionFieldsFragment = { id: string, version: number, title: string, isKeyLeadership: boolean, startDate: string, endDate: string | null, archivedAt: unknown };

export type WrittenAgencyFieldsFragment = { id: string, version: number, code: string, nameVi: string, archivedAt: unknown };

export type WrittenTrainingProgramFieldsFragment = { id: string, version: number, code: string, title: string, capacity: number, archivedAt: unknown };

export type WrittenTaskFieldsFragment = { id: string, version: number, code: string, title: string, status: TaskStatus, dueDate: string | null, archivedAt: unknown };

export type WrittenEnrollmentFieldsFragment = { id: string, version: number, status: EnrollmentStatus, completedOn: string | null, archivedAt: unknown };

export type CreateLocalityMutationVariables = Exact<{
  input: CreateLocalityInput;
  idempotencyKey?: string | null | undefined;
}>;


export type CreateLocalityMutation = { createLocality: { id: string, version: number, code: string, name: string, level: LocalityLevel, archivedAt: unknown } };

export type UpdateLocalityMutationVariables = Exact<{
  id: string | number;
  version: number;
  input: UpdateLocalityInput;
}>;


export type UpdateLocalityMutation = { updateLocality: { id: string, version: number, code: string, name: string, level: LocalityLevel, archivedAt: unknown } };

export type ArchiveLocalityMutationVariables = Exact<{
  id: string | number;
  version: number;
}>;


export type ArchiveLocalityMutation = { archiveLocality: { id: string, version: number, code: string, name: string, level: LocalityLevel, archivedAt: unknown } };

export type CreateOfficialMutationVariables = Exact<{
  input: CreateOfficialInput;
  idempotencyKey?: string | null | undefined;
}>;


export type CreateOfficialMutation = { createOfficial: { id: string, version: number, fullName: string | null, sex: Sex | null, archivedAt: unknown } };

export type UpdateOfficialMutationVariables = Exact<{
  id: string | number;
  version: number;
  input: UpdateOfficialInput;
}>;


export type UpdateOfficialMutation = { updateOfficial: { id: string, version: number, fullName: string | null, sex: Sex | null, archivedAt: unknown } };

export type ArchiveOfficialMutationVariables = Exact<{
  id: string | number;
  version: number;
}>;


export type ArchiveOfficialMutation = { archiveOfficial: { id: string, version: number, fullName: string | null, sex: Sex | null, archivedAt: unknown } };

export type CreatePositionMutationVariables = Exact<{
  input: CreatePositionInput;
  idempotencyKey?: string | null | undefined;
}>;


export type CreatePositionMutation = { createPosition: { id: string, version: number, title: string, isKeyLeadership: boolean, startDate: string, endDate: string | null, archivedAt: unknown } };

export type UpdatePositionMutationVariables = Exact<{
  id: string | number;
  version: number;
  input: UpdatePositionInput;
}>;


export type UpdatePositionMutation = { updatePosition: { id: string, version: number, title: string, isKeyLeadership: boolean, startDate: string, endDate: string | null, archivedAt: unknown } };

export type ArchivePositionMutationVariables = Exact<{
  id: string | number;
  version: number;
}>;


export type ArchivePositionMutation = { archivePosition: { id: string, version: number, title: string, isKeyLeadership: boolean, startDate: string, endDate: string | null, archivedAt: unknown } };

export type CreateAgencyMutationVariables = Exact<{
  input: CreateAgencyInput;
  idempotencyKey?: string | null | undefined;
}>;


export type CreateAgencyMutation = { createAgency: { id: string, version: number, code: string, nameVi: string, archivedAt: unknown } };

export type UpdateAgencyMutationVariables = Exact<{
  id: string | number;
  version: number;
  input: UpdateAgencyInput;
}>;


export type UpdateAgencyMutation = { updateAgency: { id: string, version: number, code: string, nameVi: string, archivedAt: unknown } };

export type ArchiveAgencyMutationVariables = Exact<{
  id: string | number;
  version: number;
}>;


export type ArchiveAgencyMutation = { archiveAgency: { id: string, version: number, code: string, nameVi: string, archivedAt: unknown } };

export type CreateTrainingProgramMutationVariables = Exact<{
  input: CreateTrainingProgramInput;
  idempotencyKey?: string | null | undefined;
}>;


export type CreateTrainingProgramMutation = { createTrainingProgram: { id: string, version: number, code: string, title: string, capacity: number, archivedAt: unknown } };

export type UpdateTrainingProgramMutationVariables = Exact<{
  id: string | number;
  version: number;
  input: UpdateTrainingProgramInput;
}>;


export type UpdateTrainingProgramMutation = { updateTrainingProgram: { id: string, version: number, code: string, title: string, capacity: number, archivedAt: unknown } };

export type ArchiveTrainingProgramMutationVariables = Exact<{
  id: string | number;
  version: number;
}>;


export type ArchiveTrainingProgramMutation = { archiveTrainingProgram: { id: string, version: number, code: string, title: string, capacity: number, archivedAt: unknown } };

export type CreateTaskMutationVariables = Exact<{
  input: CreateTaskInput;
  idempotencyKey?: string | null | undefined;
}>;


export type CreateTaskMutation = { createTask: { id: string, version: number, code: string, title: string, status: TaskStatus, dueDate: string | null, archivedAt: unknown } };

export type UpdateTaskMutationVariables = Exact<{
  id: string | number;
  version: number;
  input: UpdateTaskInput;
}>;


export type UpdateTaskMutation = { updateTask: { id: string, version: number, code: string, title: string, status: TaskStatus, dueDate: string | null, archivedAt: unknown } };

export type ArchiveTaskMutationVariables = Exact<{
  id: string | number;
  version: number;
}>;


export type ArchiveTaskMutation = { archiveTask: { id: string, version: number, code: string, title: string, status: TaskStatus, dueDate: string | null, archivedAt: unknown } };

export type EnrollOfficialMutationVariables = Exact<{
  input: EnrollOfficialInput;
  idempotencyKey?: string | null | undefined;
}>;


export type EnrollOfficialMutation = { enrollOfficial: { id: string, version: number, status: EnrollmentStatus, completedOn: string | null, archivedAt: unknown } };

export type UpdateEnrollmentMutationVariables = Exact<{
  id: string | number;
  version: number;
  input: UpdateEnrollmentInput;
}>;


export type UpdateEnrollmentMutation = { updateEnrollment: { id: string, version: number, status: EnrollmentStatus, completedOn: string | null, archivedAt: unknown } };

export type ArchiveEnrollmentMutationVariables = Exact<{
  id: string | number;
  version: number;
}>;


export type ArchiveEnrollmentMutation = { archiveEnrollment: { id: string, version: number, status: EnrollmentStatus, archivedAt: unknown } };

export type ReportedValueFieldsFragment = { id: string, version: number, year: number, value: number | null, numerator: number | null, denominator: number | null, target: number | null, status: ValueStatus, approvalStatus: ApprovalStatus, returnedReason: string | null, indicator: { code: string }, locality: { code: string } };

export type ReportIndicatorValueMutationVariables = Exact<{
  input: ReportIndicatorValueInput;
  idempotencyKey?: string | null | undefined;
}>;


export type ReportIndicatorValueMutation = { reportIndicatorValue: { id: string, version: number, year: number, value: number | null, numerator: number | null, denominator: number | null, target: number | null, status: ValueStatus, approvalStatus: ApprovalStatus, returnedReason: string | null, indicator: { code: string }, locality: { code: string } } };

export type SubmitIndicatorValueMutationVariables = Exact<{
  id: string | number;
  version: number;
}>;


export type SubmitIndicatorValueMutation = { submitIndicatorValue: { id: string, version: number, year: number, value: number | null, numerator: number | null, denominator: number | null, target: number | null, status: ValueStatus, approvalStatus: ApprovalStatus, returnedReason: string | null, indicator: { code: string }, locality: { code: string } } };

export type ApproveIndicatorValueMutationVariables = Exact<{
  id: string | number;
  version: number;
}>;


export type ApproveIndicatorValueMutation = { approveIndicatorValue: { id: string, version: number, year: number, value: number | null, numerator: number | null, denominator: number | null, target: number | null, status: ValueStatus, approvalStatus: ApprovalStatus, returnedReason: string | null, indicator: { code: string }, locality: { code: string } } };

export type ReturnIndicatorValueMutationVariables = Exact<{
  id: string | number;
  version: number;
  reason: string;
}>;


export type ReturnIndicatorValueMutation = { returnIndicatorValue: { id: string, version: number, year: number, value: number | null, numerator: number | null, denominator: number | null, target: number | null, status: ValueStatus, approvalStatus: ApprovalStatus, returnedReason: string | null, indicator: { code: string }, locality: { code: string } } };

export type ReviewIndicatorValuesMutationVariables = Exact<{
  input: ReviewIndicatorValuesInput;
}>;


export type ReviewIndicatorValuesMutation = { reviewIndicatorValues: { action: ReviewAction, approvalStatus: ApprovalStatus, changed: number, ids: Array<string> } };

export type SavePlanMutationVariables = Exact<{
  input: SavePlanInput;
}>;


export type SavePlanMutation = { savePlan: { id: string, code: string, name: string, startYear: number, endYear: number, source: string, locality: { code: string, name: string }, indicators: Array<{ code: string }> } };

export type ImportRecordsMutationVariables = Exact<{
  kind: ImportKind;
  csv: string;
  submit?: boolean | null | undefined;
}>;


export type ImportRecordsMutation = { importRecords: { kind: ImportKind, applied: boolean, rows: number, inserted: number, updated: number, unchanged: number, reopened: number, submitted: number, writtenAs: ApprovalStatus | null, problemCount: number, seconds: number, problems: Array<{ line: number, column: string, value: string | null, reason: string }> } };

export type GetAuditTrailQueryVariables = Exact<{
  entity: AuditedEntity;
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}>;


export type GetAuditTrailQuery = { auditTrail: { totalCount: number, pageInfo: { hasNextPage: boolean, hasPreviousPage: boolean, startCursor: string | null, endCursor: string | null }, nodes: Array<{ id: string, action: string, actor: string, at: unknown, before: unknown, after: unknown, note: string | null }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const AgencyFieldsFragmentDoc = new TypedDocumentString(`
    fragment AgencyFields on Agency {
  id
  code
  nameVi
  nameEn
  kind
  locality {
    code
    name
  }
  parent {
    code
  }
}
    `, {"fragmentName":"AgencyFields"}) as unknown as TypedDocumentString<AgencyFieldsFragment, unknown>;
export const LocalityFieldsFragmentDoc = new TypedDocumentString(`
    fragment LocalityFields on Locality {
  id
  code
  name
  shortName
  type
  typeName
  level
  validFrom
  validTo
  ethnicMinorityArea
  mountainous
  island
}
    `, {"fragmentName":"LocalityFields"}) as unknown as TypedDocumentString<LocalityFieldsFragment, unknown>;
export const OfficialFieldsFragmentDoc = new TypedDocumentString(`
    fragment OfficialFields on Official {
  id
  fullName
  sex
  birthYear
  ethnicity
  ethnicMinority
  reference
  synthetic
  homeLocality {
    code
    name
  }
}
    `, {"fragmentName":"OfficialFields"}) as unknown as TypedDocumentString<OfficialFieldsFragment, unknown>;
export const PositionFieldsFragmentDoc = new TypedDocumentString(`
    fragment PositionFields on Position {
  id
  title
  organisationKind
  isKeyLeadership
  startDate
  endDate
  locality {
    code
    name
  }
  agency {
    code
    nameVi
  }
}
    `, {"fragmentName":"PositionFields"}) as unknown as TypedDocumentString<PositionFieldsFragment, unknown>;
export const PageInfoFieldsFragmentDoc = new TypedDocumentString(`
    fragment PageInfoFields on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}
    `, {"fragmentName":"PageInfoFields"}) as unknown as TypedDocumentString<PageInfoFieldsFragment, unknown>;
export const IndicatorFieldsFragmentDoc = new TypedDocumentString(`
    fragment IndicatorFields on Indicator {
  id
  code
  nameVi
  nameEn
  unit
  direction
  textStatus
  valueScale
  formula
  dataSource
  responsibleAgency
  source
  target2025
  target2030
  goal {
    code
    nameVi
    nameEn
  }
}
    `, {"fragmentName":"IndicatorFields"}) as unknown as TypedDocumentString<IndicatorFieldsFragment, unknown>;
export const IndicatorValueFieldsFragmentDoc = new TypedDocumentString(`
    fragment IndicatorValueFields on IndicatorValue {
  id
  year
  disaggregation
  value
  numerator
  denominator
  target
  status
  source
  note
  illustrative
  indicator {
    code
  }
  locality {
    code
    name
  }
}
    `, {"fragmentName":"IndicatorValueFields"}) as unknown as TypedDocumentString<IndicatorValueFieldsFragment, unknown>;
export const TaskFieldsFragmentDoc = new TypedDocumentString(`
    fragment TaskFields on Task {
  id
  code
  title
  description
  dueDate
  status
  completedOn
  source
  committee {
    code
    nameVi
  }
  assignee {
    code
    nameVi
  }
}
    `, {"fragmentName":"TaskFields"}) as unknown as TypedDocumentString<TaskFieldsFragment, unknown>;
export const TrainingProgramFieldsFragmentDoc = new TypedDocumentString(`
    fragment TrainingProgramFields on TrainingProgram {
  id
  code
  title
  kind
  startDate
  endDate
  targetGroups
  capacity
  illustrative
  organisingAgency {
    code
    nameVi
  }
  locality {
    code
    name
  }
}
    `, {"fragmentName":"TrainingProgramFields"}) as unknown as TypedDocumentString<TrainingProgramFieldsFragment, unknown>;
export const WrittenLocalityFieldsFragmentDoc = new TypedDocumentString(`
    fragment WrittenLocalityFields on Locality {
  id
  version
  code
  name
  level
  archivedAt
}
    `, {"fragmentName":"WrittenLocalityFields"}) as unknown as TypedDocumentString<WrittenLocalityFieldsFragment, unknown>;
export const WrittenOfficialFieldsFragmentDoc = new TypedDocumentString(`
    fragment WrittenOfficialFields on Official {
  id
  version
  fullName
  sex
  archivedAt
}
    `, {"fragmentName":"WrittenOfficialFields"}) as unknown as TypedDocumentString<WrittenOfficialFieldsFragment, unknown>;
export const WrittenPositionFieldsFragmentDoc = new TypedDocumentString(`
    fragment WrittenPositionFields on Position {
  id
  version
  title
  isKeyLeadership
  startDate
  endDate
  archivedAt
}
    `, {"fragmentName":"WrittenPositionFields"}) as unknown as TypedDocumentString<WrittenPositionFieldsFragment, unknown>;
export const WrittenAgencyFieldsFragmentDoc = new TypedDocumentString(`
    fragment WrittenAgencyFields on Agency {
  id
  version
  code
  nameVi
  archivedAt
}
    `, {"fragmentName":"WrittenAgencyFields"}) as unknown as TypedDocumentString<WrittenAgencyFieldsFragment, unknown>;
export const WrittenTrainingProgramFieldsFragmentDoc = new TypedDocumentString(`
    fragment WrittenTrainingProgramFields on TrainingProgram {
  id
  version
  code
  title
  capacity
  archivedAt
}
    `, {"fragmentName":"WrittenTrainingProgramFields"}) as unknown as TypedDocumentString<WrittenTrainingProgramFieldsFragment, unknown>;
export const WrittenTaskFieldsFragmentDoc = new TypedDocumentString(`
    fragment WrittenTaskFields on Task {
  id
  version
  code
  title
  status
  dueDate
  archivedAt
}
    `, {"fragmentName":"WrittenTaskFields"}) as unknown as TypedDocumentString<WrittenTaskFieldsFragment, unknown>;
export const WrittenEnrollmentFieldsFragmentDoc = new TypedDocumentString(`
    fragment WrittenEnrollmentFields on Enrollment {
  id
  version
  status
  completedOn
  archivedAt
}
    `, {"fragmentName":"WrittenEnrollmentFields"}) as unknown as TypedDocumentString<WrittenEnrollmentFieldsFragment, unknown>;
export const ReportedValueFieldsFragmentDoc = new TypedDocumentString(`
    fragment ReportedValueFields on IndicatorValue {
  id
  version
  year
  value
  numerator
  denominator
  target
  status
  approvalStatus
  returnedReason
  indicator {
    code
  }
  locality {
    code
  }
}
    `, {"fragmentName":"ReportedValueFields"}) as unknown as TypedDocumentString<ReportedValueFieldsFragment, unknown>;
export const GetAgencyDocument = new TypedDocumentString(`
    query GetAgency($code: String, $id: ID) {
  agency(code: $code, id: $id) {
    ...AgencyFields
    members {
      title
      organisationKind
      startDate
      endDate
      official {
        fullName
        sex
      }
    }
    tasks {
      code
      title
      dueDate
      status
    }
  }
}
    fragment AgencyFields on Agency {
  id
  code
  nameVi
  nameEn
  kind
  locality {
    code
    name
  }
  parent {
    code
  }
}`) as unknown as TypedDocumentString<GetAgencyQuery, GetAgencyQueryVariables>;
export const ListAgenciesDocument = new TypedDocumentString(`
    query ListAgencies($filter: AgencyFilter, $first: Int, $after: String, $last: Int, $before: String) {
  agencies(
    filter: $filter
    first: $first
    after: $after
    last: $last
    before: $before
  ) {
    totalCount
    pageInfo {
      ...PageInfoFields
    }
    nodes {
      ...AgencyFields
    }
  }
}
    fragment AgencyFields on Agency {
  id
  code
  nameVi
  nameEn
  kind
  locality {
    code
    name
  }
  parent {
    code
  }
}
fragment PageInfoFields on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}`) as unknown as TypedDocumentString<ListAgenciesQuery, ListAgenciesQueryVariables>;
export const GetIndicatorAttainmentDocument = new TypedDocumentString(`
    query GetIndicatorAttainment($year: Int!, $localityCode: String!, $planCode: String, $goalCode: String) {
  indicatorAttainment(
    year: $year
    localityCode: $localityCode
    planCode: $planCode
    goalCode: $goalCode
  ) {
    year
    tracked
    met
    notMet
    noTarget
    noData
    metShare
    locality {
      code
      name
    }
    plan {
      code
    }
    goals {
      goal {
        code
        nameVi
        nameEn
      }
      tracked
      met
      notMet
      noTarget
      noData
      metShare
    }
    indicators {
      indicator {
        code
        nameVi
        nameEn
        textStatus
        unit
        target2025
        target2030
      }
      value
      target
      status
      gap
      illustrative
    }
  }
}
    `) as unknown as TypedDocumentString<GetIndicatorAttainmentQuery, GetIndicatorAttainmentQueryVariables>;
export const GetKeyLeaderCoverageDocument = new TypedDocumentString(`
    query GetKeyLeaderCoverage($localityCode: String!, $level: LocalityLevel!, $asOf: Date!) {
  keyLeaderCoverage(localityCode: $localityCode, level: $level, asOf: $asOf) {
    level
    asOf
    units
    withFemaleKeyLeader
    share
    locality {
      code
      name
    }
    unitsWithout {
      code
      name
    }
  }
}
    `) as unknown as TypedDocumentString<GetKeyLeaderCoverageQuery, GetKeyLeaderCoverageQueryVariables>;
export const GetOfficialsBreakdownDocument = new TypedDocumentString(`
    query GetOfficialsBreakdown($groupBy: [OfficialDimension!]!, $filter: OfficialFilter, $options: BreakdownOptions) {
  officialsBreakdown(groupBy: $groupBy, filter: $filter, options: $options) {
    total
    perturbed
    threshold
    suppressedGroups
    groups {
      sex
      ethnicityGroup
      ethnicity
      localityLevel
      locality {
        code
        name
      }
      ageBand
      organisationKind
      keyLeadership
      count
      share
    }
  }
}
    `) as unknown as TypedDocumentString<GetOfficialsBreakdownQuery, GetOfficialsBreakdownQueryVariables>;
export const GetTrainingParticipationDocument = new TypedDocumentString(`
    query GetTrainingParticipation($groupBy: [TrainingDimension!]!, $filter: TrainingParticipationFilter, $options: BreakdownOptions) {
  trainingParticipation(groupBy: $groupBy, filter: $filter, options: $options) {
    enrollments
    completions
    withdrawals
    completionRate
    perturbed
    threshold
    suppressedGroups
    groups {
      year
      programKind
      sex
      ethnicityGroup
      ethnicMinorityArea
      mountainous
      island
      locality {
        code
        name
      }
      enrollments
      completions
      withdrawals
      completionRate
    }
  }
}
    `) as unknown as TypedDocumentString<GetTrainingParticipationQuery, GetTrainingParticipationQueryVariables>;
export const GetIndicatorSeriesDocument = new TypedDocumentString(`
    query GetIndicatorSeries($indicatorCode: String!, $localityCode: String!, $fromYear: Int, $toYear: Int, $asOf: Date) {
  indicatorSeries(
    indicatorCode: $indicatorCode
    localityCode: $localityCode
    fromYear: $fromYear
    toYear: $toYear
    asOf: $asOf
  ) {
    fromYear
    toYear
    target2025
    target2030
    trendPerYear
    projected2025
    projected2030
    onTrack2025
    onTrack2030
    points {
      year
      value
      target
      status
      gap2025
      gap2030
      derived
      derivation
    }
  }
}
    `) as unknown as TypedDocumentString<GetIndicatorSeriesQuery, GetIndicatorSeriesQueryVariables>;
export const GetIndicatorRollupDocument = new TypedDocumentString(`
    query GetIndicatorRollup($indicatorCode: String!, $localityCode: String!, $year: Int!, $fromLevel: LocalityLevel) {
  indicatorRollup(
    indicatorCode: $indicatorCode
    localityCode: $localityCode
    year: $year
    fromLevel: $fromLevel
  ) {
    year
    fromLevel
    method
    value
    numerator
    denominator
    units
    reporting
    withoutFraction
    reportedValue
    complete
    missing {
      code
      name
    }
  }
}
    `) as unknown as TypedDocumentString<GetIndicatorRollupQuery, GetIndicatorRollupQueryVariables>;
export const GetLocalityDocument = new TypedDocumentString(`
    query GetLocality($code: String, $id: ID, $asOf: Date) {
  locality(code: $code, id: $id, asOf: $asOf) {
    ...LocalityFields
    parent {
      code
      name
    }
    ancestors {
      code
      name
      level
    }
  }
}
    fragment LocalityFields on Locality {
  id
  code
  name
  shortName
  type
  typeName
  level
  validFrom
  validTo
  ethnicMinorityArea
  mountainous
  island
}`) as unknown as TypedDocumentString<GetLocalityQuery, GetLocalityQueryVariables>;
export const ListLocalitiesDocument = new TypedDocumentString(`
    query ListLocalities($filter: LocalityFilter, $orderBy: LocalityOrder, $first: Int, $after: String, $last: Int, $before: String) {
  localities(
    filter: $filter
    orderBy: $orderBy
    first: $first
    after: $after
    last: $last
    before: $before
  ) {
    totalCount
    pageInfo {
      ...PageInfoFields
    }
    nodes {
      ...LocalityFields
    }
  }
}
    fragment LocalityFields on Locality {
  id
  code
  name
  shortName
  type
  typeName
  level
  validFrom
  validTo
  ethnicMinorityArea
  mountainous
  island
}
fragment PageInfoFields on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}`) as unknown as TypedDocumentString<ListLocalitiesQuery, ListLocalitiesQueryVariables>;
export const GetOfficialDocument = new TypedDocumentString(`
    query GetOfficial($id: ID!) {
  official(id: $id) {
    ...OfficialFields
    positions {
      ...PositionFields
    }
    enrollments {
      status
      completedOn
      program {
        code
        title
      }
    }
  }
}
    fragment OfficialFields on Official {
  id
  fullName
  sex
  birthYear
  ethnicity
  ethnicMinority
  reference
  synthetic
  homeLocality {
    code
    name
  }
}
fragment PositionFields on Position {
  id
  title
  organisationKind
  isKeyLeadership
  startDate
  endDate
  locality {
    code
    name
  }
  agency {
    code
    nameVi
  }
}`) as unknown as TypedDocumentString<GetOfficialQuery, GetOfficialQueryVariables>;
export const ListOfficialsDocument = new TypedDocumentString(`
    query ListOfficials($filter: OfficialFilter, $orderBy: OfficialOrder, $first: Int, $after: String, $last: Int, $before: String) {
  officials(
    filter: $filter
    orderBy: $orderBy
    first: $first
    after: $after
    last: $last
    before: $before
  ) {
    totalCount
    pageInfo {
      ...PageInfoFields
    }
    nodes {
      ...OfficialFields
    }
  }
}
    fragment OfficialFields on Official {
  id
  fullName
  sex
  birthYear
  ethnicity
  ethnicMinority
  reference
  synthetic
  homeLocality {
    code
    name
  }
}
fragment PageInfoFields on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}`) as unknown as TypedDocumentString<ListOfficialsQuery, ListOfficialsQueryVariables>;
export const ListLocalityPositionsDocument = new TypedDocumentString(`
    query ListLocalityPositions($code: String!, $filter: PositionFilter, $asOf: Date) {
  locality(code: $code, asOf: $asOf) {
    code
    name
    positions(filter: $filter) {
      ...PositionFields
      official {
        ...OfficialFields
      }
    }
  }
}
    fragment OfficialFields on Official {
  id
  fullName
  sex
  birthYear
  ethnicity
  ethnicMinority
  reference
  synthetic
  homeLocality {
    code
    name
  }
}
fragment PositionFields on Position {
  id
  title
  organisationKind
  isKeyLeadership
  startDate
  endDate
  locality {
    code
    name
  }
  agency {
    code
    nameVi
  }
}`) as unknown as TypedDocumentString<ListLocalityPositionsQuery, ListLocalityPositionsQueryVariables>;
export const GetStrategyDocument = new TypedDocumentString(`
    query GetStrategy($code: String) {
  strategy(code: $code) {
    id
    code
    nameVi
    nameEn
    legalBasis
    startYear
    endYear
    goals {
      code
      nameVi
      nameEn
      indicators {
        code
        nameVi
        textStatus
      }
    }
    plans {
      code
      name
    }
  }
}
    `) as unknown as TypedDocumentString<GetStrategyQuery, GetStrategyQueryVariables>;
export const GetPlanDocument = new TypedDocumentString(`
    query GetPlan($code: String!) {
  plan(code: $code) {
    id
    code
    name
    startYear
    endYear
    source
    locality {
      code
      name
    }
    indicators {
      ...IndicatorFields
    }
  }
}
    fragment IndicatorFields on Indicator {
  id
  code
  nameVi
  nameEn
  unit
  direction
  textStatus
  valueScale
  formula
  dataSource
  responsibleAgency
  source
  target2025
  target2030
  goal {
    code
    nameVi
    nameEn
  }
}`) as unknown as TypedDocumentString<GetPlanQuery, GetPlanQueryVariables>;
export const GetIndicatorDocument = new TypedDocumentString(`
    query GetIndicator($code: String, $id: ID, $strategyCode: String) {
  indicator(code: $code, id: $id, strategyCode: $strategyCode) {
    ...IndicatorFields
    targets {
      year
      value
      illustrative
      source
    }
  }
}
    fragment IndicatorFields on Indicator {
  id
  code
  nameVi
  nameEn
  unit
  direction
  textStatus
  valueScale
  formula
  dataSource
  responsibleAgency
  source
  target2025
  target2030
  goal {
    code
    nameVi
    nameEn
  }
}`) as unknown as TypedDocumentString<GetIndicatorQuery, GetIndicatorQueryVariables>;
export const ListIndicatorsDocument = new TypedDocumentString(`
    query ListIndicators($filter: IndicatorFilter, $orderBy: IndicatorOrder, $first: Int, $after: String, $last: Int, $before: String) {
  indicators(
    filter: $filter
    orderBy: $orderBy
    first: $first
    after: $after
    last: $last
    before: $before
  ) {
    totalCount
    pageInfo {
      ...PageInfoFields
    }
    nodes {
      ...IndicatorFields
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}
fragment IndicatorFields on Indicator {
  id
  code
  nameVi
  nameEn
  unit
  direction
  textStatus
  valueScale
  formula
  dataSource
  responsibleAgency
  source
  target2025
  target2030
  goal {
    code
    nameVi
    nameEn
  }
}`) as unknown as TypedDocumentString<ListIndicatorsQuery, ListIndicatorsQueryVariables>;
export const ListIndicatorValuesDocument = new TypedDocumentString(`
    query ListIndicatorValues($filter: IndicatorValueFilter, $orderBy: IndicatorValueOrder, $first: Int, $after: String, $last: Int, $before: String) {
  indicatorValues(
    filter: $filter
    orderBy: $orderBy
    first: $first
    after: $after
    last: $last
    before: $before
  ) {
    totalCount
    pageInfo {
      ...PageInfoFields
    }
    nodes {
      ...IndicatorValueFields
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}
fragment IndicatorValueFields on IndicatorValue {
  id
  year
  disaggregation
  value
  numerator
  denominator
  target
  status
  source
  note
  illustrative
  indicator {
    code
  }
  locality {
    code
    name
  }
}`) as unknown as TypedDocumentString<ListIndicatorValuesQuery, ListIndicatorValuesQueryVariables>;
export const GetTaskDocument = new TypedDocumentString(`
    query GetTask($code: String, $id: ID) {
  task(code: $code, id: $id) {
    ...TaskFields
  }
}
    fragment TaskFields on Task {
  id
  code
  title
  description
  dueDate
  status
  completedOn
  source
  committee {
    code
    nameVi
  }
  assignee {
    code
    nameVi
  }
}`) as unknown as TypedDocumentString<GetTaskQuery, GetTaskQueryVariables>;
export const ListTasksDocument = new TypedDocumentString(`
    query ListTasks($filter: TaskFilter, $first: Int, $after: String, $last: Int, $before: String) {
  tasks(
    filter: $filter
    first: $first
    after: $after
    last: $last
    before: $before
  ) {
    totalCount
    pageInfo {
      ...PageInfoFields
    }
    nodes {
      ...TaskFields
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}
fragment TaskFields on Task {
  id
  code
  title
  description
  dueDate
  status
  completedOn
  source
  committee {
    code
    nameVi
  }
  assignee {
    code
    nameVi
  }
}`) as unknown as TypedDocumentString<ListTasksQuery, ListTasksQueryVariables>;
export const GetTrainingProgramDocument = new TypedDocumentString(`
    query GetTrainingProgram($code: String, $id: ID) {
  trainingProgram(code: $code, id: $id) {
    ...TrainingProgramFields
  }
}
    fragment TrainingProgramFields on TrainingProgram {
  id
  code
  title
  kind
  startDate
  endDate
  targetGroups
  capacity
  illustrative
  organisingAgency {
    code
    nameVi
  }
  locality {
    code
    name
  }
}`) as unknown as TypedDocumentString<GetTrainingProgramQuery, GetTrainingProgramQueryVariables>;
export const ListTrainingProgramsDocument = new TypedDocumentString(`
    query ListTrainingPrograms($filter: TrainingProgramFilter, $first: Int, $after: String, $last: Int, $before: String) {
  trainingPrograms(
    filter: $filter
    first: $first
    after: $after
    last: $last
    before: $before
  ) {
    totalCount
    pageInfo {
      ...PageInfoFields
    }
    nodes {
      ...TrainingProgramFields
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}
fragment TrainingProgramFields on TrainingProgram {
  id
  code
  title
  kind
  startDate
  endDate
  targetGroups
  capacity
  illustrative
  organisingAgency {
    code
    nameVi
  }
  locality {
    code
    name
  }
}`) as unknown as TypedDocumentString<ListTrainingProgramsQuery, ListTrainingProgramsQueryVariables>;
export const ListEnrollmentsDocument = new TypedDocumentString(`
    query ListEnrollments($code: String!, $filter: EnrollmentFilter, $first: Int, $after: String, $last: Int, $before: String) {
  trainingProgram(code: $code) {
    code
    enrollments(
      filter: $filter
      first: $first
      after: $after
      last: $last
      before: $before
    ) {
      totalCount
      pageInfo {
        hasNextPage
        hasPreviousPage
        startCursor
        endCursor
      }
      nodes {
        id
        status
        completedOn
        official {
          id
          fullName
          sex
          ethnicity
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<ListEnrollmentsQuery, ListEnrollmentsQueryVariables>;
export const CreateLocalityDocument = new TypedDocumentString(`
    mutation CreateLocality($input: CreateLocalityInput!, $idempotencyKey: String) {
  createLocality(input: $input, idempotencyKey: $idempotencyKey) {
    ...WrittenLocalityFields
  }
}
    fragment WrittenLocalityFields on Locality {
  id
  version
  code
  name
  level
  archivedAt
}`) as unknown as TypedDocumentString<CreateLocalityMutation, CreateLocalityMutationVariables>;
export const UpdateLocalityDocument = new TypedDocumentString(`
    mutation UpdateLocality($id: ID!, $version: Int!, $input: UpdateLocalityInput!) {
  updateLocality(id: $id, version: $version, input: $input) {
    ...WrittenLocalityFields
  }
}
    fragment WrittenLocalityFields on Locality {
  id
  version
  code
  name
  level
  archivedAt
}`) as unknown as TypedDocumentString<UpdateLocalityMutation, UpdateLocalityMutationVariables>;
export const ArchiveLocalityDocument = new TypedDocumentString(`
    mutation ArchiveLocality($id: ID!, $version: Int!) {
  archiveLocality(id: $id, version: $version) {
    ...WrittenLocalityFields
  }
}
    fragment WrittenLocalityFields on Locality {
  id
  version
  code
  name
  level
  archivedAt
}`) as unknown as TypedDocumentString<ArchiveLocalityMutation, ArchiveLocalityMutationVariables>;
export const CreateOfficialDocument = new TypedDocumentString(`
    mutation CreateOfficial($input: CreateOfficialInput!, $idempotencyKey: String) {
  createOfficial(input: $input, idempotencyKey: $idempotencyKey) {
    ...WrittenOfficialFields
  }
}
    fragment WrittenOfficialFields on Official {
  id
  version
  fullName
  sex
  archivedAt
}`) as unknown as TypedDocumentString<CreateOfficialMutation, CreateOfficialMutationVariables>;
export const UpdateOfficialDocument = new TypedDocumentString(`
    mutation UpdateOfficial($id: ID!, $version: Int!, $input: UpdateOfficialInput!) {
  updateOfficial(id: $id, version: $version, input: $input) {
    ...WrittenOfficialFields
  }
}
    fragment WrittenOfficialFields on Official {
  id
  version
  fullName
  sex
  archivedAt
}`) as unknown as TypedDocumentString<UpdateOfficialMutation, UpdateOfficialMutationVariables>;
export const ArchiveOfficialDocument = new TypedDocumentString(`
    mutation ArchiveOfficial($id: ID!, $version: Int!) {
  archiveOfficial(id: $id, version: $version) {
    ...WrittenOfficialFields
  }
}
    fragment WrittenOfficialFields on Official {
  id
  version
  fullName
  sex
  archivedAt
}`) as unknown as TypedDocumentString<ArchiveOfficialMutation, ArchiveOfficialMutationVariables>;
export const CreatePositionDocument = new TypedDocumentString(`
    mutation CreatePosition($input: CreatePositionInput!, $idempotencyKey: String) {
  createPosition(input: $input, idempotencyKey: $idempotencyKey) {
    ...WrittenPositionFields
  }
}
    fragment WrittenPositionFields on Position {
  id
  version
  title
  isKeyLeadership
  startDate
  endDate
  archivedAt
}`) as unknown as TypedDocumentString<CreatePositionMutation, CreatePositionMutationVariables>;
export const UpdatePositionDocument = new TypedDocumentString(`
    mutation UpdatePosition($id: ID!, $version: Int!, $input: UpdatePositionInput!) {
  updatePosition(id: $id, version: $version, input: $input) {
    ...WrittenPositionFields
  }
}
    fragment WrittenPositionFields on Position {
  id
  version
  title
  isKeyLeadership
  startDate
  endDate
  archivedAt
}`) as unknown as TypedDocumentString<UpdatePositionMutation, UpdatePositionMutationVariables>;
export const ArchivePositionDocument = new TypedDocumentString(`
    mutation ArchivePosition($id: ID!, $version: Int!) {
  archivePosition(id: $id, version: $version) {
    ...WrittenPositionFields
  }
}
    fragment WrittenPositionFields on Position {
  id
  version
  title
  isKeyLeadership
  startDate
  endDate
  archivedAt
}`) as unknown as TypedDocumentString<ArchivePositionMutation, ArchivePositionMutationVariables>;
export const CreateAgencyDocument = new TypedDocumentString(`
    mutation CreateAgency($input: CreateAgencyInput!, $idempotencyKey: String) {
  createAgency(input: $input, idempotencyKey: $idempotencyKey) {
    ...WrittenAgencyFields
  }
}
    fragment WrittenAgencyFields on Agency {
  id
  version
  code
  nameVi
  archivedAt
}`) as unknown as TypedDocumentString<CreateAgencyMutation, CreateAgencyMutationVariables>;
export const UpdateAgencyDocument = new TypedDocumentString(`
    mutation UpdateAgency($id: ID!, $version: Int!, $input: UpdateAgencyInput!) {
  updateAgency(id: $id, version: $version, input: $input) {
    ...WrittenAgencyFields
  }
}
    fragment WrittenAgencyFields on Agency {
  id
  version
  code
  nameVi
  archivedAt
}`) as unknown as TypedDocumentString<UpdateAgencyMutation, UpdateAgencyMutationVariables>;
export const ArchiveAgencyDocument = new TypedDocumentString(`
    mutation ArchiveAgency($id: ID!, $version: Int!) {
  archiveAgency(id: $id, version: $version) {
    ...WrittenAgencyFields
  }
}
    fragment WrittenAgencyFields on Agency {
  id
  version
  code
  nameVi
  archivedAt
}`) as unknown as TypedDocumentString<ArchiveAgencyMutation, ArchiveAgencyMutationVariables>;
export const CreateTrainingProgramDocument = new TypedDocumentString(`
    mutation CreateTrainingProgram($input: CreateTrainingProgramInput!, $idempotencyKey: String) {
  createTrainingProgram(input: $input, idempotencyKey: $idempotencyKey) {
    ...WrittenTrainingProgramFields
  }
}
    fragment WrittenTrainingProgramFields on TrainingProgram {
  id
  version
  code
  title
  capacity
  archivedAt
}`) as unknown as TypedDocumentString<CreateTrainingProgramMutation, CreateTrainingProgramMutationVariables>;
export const UpdateTrainingProgramDocument = new TypedDocumentString(`
    mutation UpdateTrainingProgram($id: ID!, $version: Int!, $input: UpdateTrainingProgramInput!) {
  updateTrainingProgram(id: $id, version: $version, input: $input) {
    ...WrittenTrainingProgramFields
  }
}
    fragment WrittenTrainingProgramFields on TrainingProgram {
  id
  version
  code
  title
  capacity
  archivedAt
}`) as unknown as TypedDocumentString<UpdateTrainingProgramMutation, UpdateTrainingProgramMutationVariables>;
export const ArchiveTrainingProgramDocument = new TypedDocumentString(`
    mutation ArchiveTrainingProgram($id: ID!, $version: Int!) {
  archiveTrainingProgram(id: $id, version: $version) {
    ...WrittenTrainingProgramFields
  }
}
    fragment WrittenTrainingProgramFields on TrainingProgram {
  id
  version
  code
  title
  capacity
  archivedAt
}`) as unknown as TypedDocumentString<ArchiveTrainingProgramMutation, ArchiveTrainingProgramMutationVariables>;
export const CreateTaskDocument = new TypedDocumentString(`
    mutation CreateTask($input: CreateTaskInput!, $idempotencyKey: String) {
  createTask(input: $input, idempotencyKey: $idempotencyKey) {
    ...WrittenTaskFields
  }
}
    fragment WrittenTaskFields on Task {
  id
  version
  code
  title
  status
  dueDate
  archivedAt
}`) as unknown as TypedDocumentString<CreateTaskMutation, CreateTaskMutationVariables>;
export const UpdateTaskDocument = new TypedDocumentString(`
    mutation UpdateTask($id: ID!, $version: Int!, $input: UpdateTaskInput!) {
  updateTask(id: $id, version: $version, input: $input) {
    ...WrittenTaskFields
  }
}
    fragment WrittenTaskFields on Task {
  id
  version
  code
  title
  status
  dueDate
  archivedAt
}`) as unknown as TypedDocumentString<UpdateTaskMutation, UpdateTaskMutationVariables>;
export const ArchiveTaskDocument = new TypedDocumentString(`
    mutation ArchiveTask($id: ID!, $version: Int!) {
  archiveTask(id: $id, version: $version) {
    ...WrittenTaskFields
  }
}
    fragment WrittenTaskFields on Task {
  id
  version
  code
  title
  status
  dueDate
  archivedAt
}`) as unknown as TypedDocumentString<ArchiveTaskMutation, ArchiveTaskMutationVariables>;
export const EnrollOfficialDocument = new TypedDocumentString(`
    mutation EnrollOfficial($input: EnrollOfficialInput!, $idempotencyKey: String) {
  enrollOfficial(input: $input, idempotencyKey: $idempotencyKey) {
    ...WrittenEnrollmentFields
  }
}
    fragment WrittenEnrollmentFields on Enrollment {
  id
  version
  status
  completedOn
  archivedAt
}`) as unknown as TypedDocumentString<EnrollOfficialMutation, EnrollOfficialMutationVariables>;
export const UpdateEnrollmentDocument = new TypedDocumentString(`
    mutation UpdateEnrollment($id: ID!, $version: Int!, $input: UpdateEnrollmentInput!) {
  updateEnrollment(id: $id, version: $version, input: $input) {
    ...WrittenEnrollmentFields
  }
}
    fragment WrittenEnrollmentFields on Enrollment {
  id
  version
  status
  completedOn
  archivedAt
}`) as unknown as TypedDocumentString<UpdateEnrollmentMutation, UpdateEnrollmentMutationVariables>;
export const ArchiveEnrollmentDocument = new TypedDocumentString(`
    mutation ArchiveEnrollment($id: ID!, $version: Int!) {
  archiveEnrollment(id: $id, version: $version) {
    id
    version
    status
    archivedAt
  }
}
    `) as unknown as TypedDocumentString<ArchiveEnrollmentMutation, ArchiveEnrollmentMutationVariables>;
export const ReportIndicatorValueDocument = new TypedDocumentString(`
    mutation ReportIndicatorValue($input: ReportIndicatorValueInput!, $idempotencyKey: String) {
  reportIndicatorValue(input: $input, idempotencyKey: $idempotencyKey) {
    ...ReportedValueFields
  }
}
    fragment ReportedValueFields on IndicatorValue {
  id
  version
  year
  value
  numerator
  denominator
  target
  status
  approvalStatus
  returnedReason
  indicator {
    code
  }
  locality {
    code
  }
}`) as unknown as TypedDocumentString<ReportIndicatorValueMutation, ReportIndicatorValueMutationVariables>;
export const SubmitIndicatorValueDocument = new TypedDocumentString(`
    mutation SubmitIndicatorValue($id: ID!, $version: Int!) {
  submitIndicatorValue(id: $id, version: $version) {
    ...ReportedValueFields
  }
}
    fragment ReportedValueFields on IndicatorValue {
  id
  version
  year
  value
  numerator
  denominator
  target
  status
  approvalStatus
  returnedReason
  indicator {
    code
  }
  locality {
    code
  }
}`) as unknown as TypedDocumentString<SubmitIndicatorValueMutation, SubmitIndicatorValueMutationVariables>;
export const ApproveIndicatorValueDocument = new TypedDocumentString(`
    mutation ApproveIndicatorValue($id: ID!, $version: Int!) {
  approveIndicatorValue(id: $id, version: $version) {
    ...ReportedValueFields
  }
}
    fragment ReportedValueFields on IndicatorValue {
  id
  version
  year
  value
  numerator
  denominator
  target
  status
  approvalStatus
  returnedReason
  indicator {
    code
  }
  locality {
    code
  }
}`) as unknown as TypedDocumentString<ApproveIndicatorValueMutation, ApproveIndicatorValueMutationVariables>;
export const ReturnIndicatorValueDocument = new TypedDocumentString(`
    mutation ReturnIndicatorValue($id: ID!, $version: Int!, $reason: String!) {
  returnIndicatorValue(id: $id, version: $version, reason: $reason) {
    ...ReportedValueFields
  }
}
    fragment ReportedValueFields on IndicatorValue {
  id
  version
  year
  value
  numerator
  denominator
  target
  status
  approvalStatus
  returnedReason
  indicator {
    code
  }
  locality {
    code
  }
}`) as unknown as TypedDocumentString<ReturnIndicatorValueMutation, ReturnIndicatorValueMutationVariables>;
export const ReviewIndicatorValuesDocument = new TypedDocumentString(`
    mutation ReviewIndicatorValues($input: ReviewIndicatorValuesInput!) {
  reviewIndicatorValues(input: $input) {
    action
    approvalStatus
    changed
    ids
  }
}
    `) as unknown as TypedDocumentString<ReviewIndicatorValuesMutation, ReviewIndicatorValuesMutationVariables>;
export const SavePlanDocument = new TypedDocumentString(`
    mutation SavePlan($input: SavePlanInput!) {
  savePlan(input: $input) {
    id
    code
    name
    startYear
    endYear
    source
    locality {
      code
      name
    }
    indicators {
      code
    }
  }
}
    `) as unknown as TypedDocumentString<SavePlanMutation, SavePlanMutationVariables>;
export const ImportRecordsDocument = new TypedDocumentString(`
    mutation ImportRecords($kind: ImportKind!, $csv: String!, $submit: Boolean = false) {
  importRecords(kind: $kind, csv: $csv, submit: $submit) {
    kind
    applied
    rows
    inserted
    updated
    unchanged
    reopened
    submitted
    writtenAs
    problemCount
    seconds
    problems {
      line
      column
      value
      reason
    }
  }
}
    `) as unknown as TypedDocumentString<ImportRecordsMutation, ImportRecordsMutationVariables>;
export const GetAuditTrailDocument = new TypedDocumentString(`
    query GetAuditTrail($entity: AuditedEntity!, $id: ID!, $first: Int, $after: String, $last: Int, $before: String) {
  auditTrail(
    entity: $entity
    id: $id
    first: $first
    after: $after
    last: $last
    before: $before
  ) {
    totalCount
    pageInfo {
      ...PageInfoFields
    }
    nodes {
      id
      action
      actor
      at
      before
      after
      note
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  hasPreviousPage
  startCursor
  endCursor
}`) as unknown as TypedDocumentString<GetAuditTrailQuery, GetAuditTrailQueryVariables>;