import { AgencyKind } from '../modules/agency/agency.entity.js';
import { TaskStatus } from '../modules/task/task.entity.js';
import { TargetGroup, TrainingKind } from '../modules/training/training-program.entity.js';

export const PROVINCE_CODE = '51';
export const STRATEGY_CODE = 'NQ28-2021-2030';
export const PLAN_CODE = 'QNG-NQ28-2021-2030';
export const REPORT_SOURCE =
  'Quảng Ngãi provincial portal: conference of the provincial Committee for the Advancement of Women (Ban VSTBPN), 2024-04-10';

export const GOALS = [
  {
    code: 'MT1',
    nameVi: 'Chính trị và lãnh đạo, quản lý',
    nameEn: 'Politics, leadership and management',
  },
  { code: 'MT2', nameVi: 'Kinh tế và lao động', nameEn: 'Economy and labour' },
  {
    code: 'MT3',
    nameVi: 'Đời sống gia đình và phòng, chống bạo lực trên cơ sở giới',
    nameEn: 'Family life and gender-based violence',
  },
  { code: 'MT4', nameVi: 'Y tế', nameEn: 'Health' },
  { code: 'MT5', nameVi: 'Giáo dục và đào tạo', nameEn: 'Education and training' },
  { code: 'MT6', nameVi: 'Thông tin và truyền thông', nameEn: 'Information and communication' },
];

/** Which of the 20 lines the provincial plan leaves out is not published; this choice is illustrative. */
export const UNTRACKED_INDICATORS = ['MT5.2'];

export interface AgencySeed {
  code: string;
  nameVi: string;
  nameEn: string;
  kind: AgencyKind;
  parentCode?: string;
}

/** The provincial bodies named in the 2024-04-10 report, and the departments behind the indicators. */
export const AGENCIES: AgencySeed[] = [
  {
    code: 'QNG-UBND',
    nameVi: 'Ủy ban nhân dân tỉnh Quảng Ngãi',
    nameEn: "Quảng Ngãi Provincial People's Committee",
    kind: AgencyKind.PEOPLES_COMMITTEE,
  },
  {
    code: 'QNG-VSTBPN',
    nameVi: 'Ban Vì sự tiến bộ của phụ nữ tỉnh Quảng Ngãi',
    nameEn: 'Quảng Ngãi Committee for the Advancement of Women',
    kind: AgencyKind.COMMITTEE,
    parentCode: 'QNG-UBND',
  },
  {
    code: 'QNG-SNV',
    nameVi: 'Sở Nội vụ tỉnh Quảng Ngãi',
    nameEn: 'Department of Home Affairs',
    kind: AgencyKind.DEPARTMENT,
    parentCode: 'QNG-UBND',
  },
  {
    code: 'QNG-SLDTBXH',
    nameVi: 'Sở Lao động – Thương binh và Xã hội tỉnh Quảng Ngãi',
    nameEn: 'Department of Labour, Invalids and Social Affairs',
    kind: AgencyKind.DEPARTMENT,
    parentCode: 'QNG-UBND',
  },
  {
    code: 'QNG-SYT',
    nameVi: 'Sở Y tế tỉnh Quảng Ngãi',
    nameEn: 'Department of Health',
    kind: AgencyKind.DEPARTMENT,
    parentCode: 'QNG-UBND',
  },
  {
    code: 'QNG-SGDDT',
    nameVi: 'Sở Giáo dục và Đào tạo tỉnh Quảng Ngãi',
    nameEn: 'Department of Education and Training',
    kind: AgencyKind.DEPARTMENT,
    parentCode: 'QNG-UBND',
  },
  {
    code: 'QNG-SVHTTDL',
    nameVi: 'Sở Văn hóa, Thể thao và Du lịch tỉnh Quảng Ngãi',
    nameEn: 'Department of Culture, Sports and Tourism',
    kind: AgencyKind.DEPARTMENT,
    parentCode: 'QNG-UBND',
  },
  {
    code: 'QNG-STTTT',
    nameVi: 'Sở Thông tin và Truyền thông tỉnh Quảng Ngãi',
    nameEn: 'Department of Information and Communications',
    kind: AgencyKind.DEPARTMENT,
    parentCode: 'QNG-UBND',
  },
  {
    code: 'QNG-CTK',
    nameVi: 'Cục Thống kê tỉnh Quảng Ngãi',
    nameEn: 'Quảng Ngãi Statistics Office',
    kind: AgencyKind.STATISTICS_OFFICE,
  },
  {
    code: 'QNG-HLHPN',
    nameVi: 'Hội Liên hiệp Phụ nữ tỉnh Quảng Ngãi',
    nameEn: "Quảng Ngãi Women's Union",
    kind: AgencyKind.MASS_ORGANISATION,
  },
];

export const TASKS = [
  {
    code: 'QNG-VSTBPN-2024-01',
    title:
      'Tham mưu Ban thành lập Đoàn kiểm tra việc thực hiện Đề án 08-ĐA/TU về phát triển đội ngũ cán bộ nữ, cán bộ trẻ, cán bộ người dân tộc thiểu số',
    description:
      'The Department of Home Affairs advises the committee to form an inspection team on the scheme for developing female, young and ethnic-minority officials (Đề án 08-ĐA/TU of the Provincial Party Committee), to be completed before October 2024. Completion was not published.',
    committeeCode: 'QNG-VSTBPN',
    assigneeCode: 'QNG-SNV',
    dueDate: '2024-09-30',
    status: TaskStatus.PLANNED,
  },
  {
    code: 'QNG-VSTBPN-2024-02',
    title:
      'Phối hợp kiểm tra, giám sát công tác bình đẳng giới và vì sự tiến bộ của phụ nữ tại các sở, ngành, địa phương',
    description:
      'Committee members coordinate, inspect and supervise gender-equality work in departments and localities. No deadline or completion was published.',
    committeeCode: 'QNG-VSTBPN',
    assigneeCode: 'QNG-VSTBPN',
    dueDate: null,
    status: TaskStatus.PLANNED,
  },
];

export interface ProgramSeed {
  code: string;
  title: string;
  kind: TrainingKind;
  organiserCode: string;
  /** Where it is held: the province, or a district code. */
  localityCode: string;
  startDate: string;
  endDate: string;
  targetGroups: TargetGroup[];
  capacity: number;
}

/** Illustrative programs of 2023, shaped after the report's "training and retraining for female officials". */
export const PROGRAMS: ProgramSeed[] = [
  {
    code: 'QNG-2023-BD-01',
    title: 'Bồi dưỡng kiến thức quản lý nhà nước cho nữ cán bộ, công chức cấp xã',
    kind: TrainingKind.RETRAINING,
    organiserCode: 'QNG-SNV',
    localityCode: '51',
    startDate: '2023-04-10',
    endDate: '2023-04-21',
    targetGroups: [TargetGroup.FEMALE_OFFICIALS, TargetGroup.COMMUNE_OFFICIALS],
    capacity: 80,
  },
  {
    code: 'QNG-2023-BD-02',
    title: 'Bồi dưỡng kỹ năng lãnh đạo cho nữ cán bộ người dân tộc thiểu số vùng miền núi',
    kind: TrainingKind.RETRAINING,
    organiserCode: 'QNG-SNV',
    localityCode: '529',
    startDate: '2023-06-05',
    endDate: '2023-06-16',
    targetGroups: [
      TargetGroup.FEMALE_OFFICIALS,
      TargetGroup.ETHNIC_MINORITY_OFFICIALS,
      TargetGroup.ETHNIC_MINORITY_AREAS,
      TargetGroup.MOUNTAINOUS_AREAS,
    ],
    capacity: 60,
  },
  {
    code: 'QNG-2023-TH-01',
    title: 'Tập huấn lồng ghép bình đẳng giới trong xây dựng và thực hiện chính sách',
    kind: TrainingKind.WORKSHOP,
    organiserCode: 'QNG-SLDTBXH',
    localityCode: '51',
    startDate: '2023-08-15',
    endDate: '2023-08-17',
    targetGroups: [TargetGroup.FEMALE_OFFICIALS],
    capacity: 100,
  },
  {
    code: 'QNG-2023-TH-02',
    title: 'Tập huấn nghiệp vụ bình đẳng giới cho cán bộ huyện đảo Lý Sơn',
    kind: TrainingKind.WORKSHOP,
    organiserCode: 'QNG-SLDTBXH',
    localityCode: '536',
    startDate: '2023-09-12',
    endDate: '2023-09-13',
    targetGroups: [TargetGroup.ISLAND_AREAS],
    capacity: 40,
  },
  {
    code: 'QNG-2023-DT-01',
    title: 'Đào tạo lý luận chính trị cho nữ cán bộ trẻ, cán bộ nữ người dân tộc thiểu số',
    kind: TrainingKind.TRAINING,
    organiserCode: 'QNG-SNV',
    localityCode: '51',
    startDate: '2023-03-01',
    endDate: '2023-11-30',
    targetGroups: [
      TargetGroup.FEMALE_OFFICIALS,
      TargetGroup.YOUNG_OFFICIALS,
      TargetGroup.ETHNIC_MINORITY_OFFICIALS,
    ],
    capacity: 50,
  },
  {
    code: 'QNG-2023-TH-03',
    title: 'Tập huấn phòng, chống bạo lực trên cơ sở giới cho cán bộ cơ sở',
    kind: TrainingKind.WORKSHOP,
    organiserCode: 'QNG-HLHPN',
    localityCode: '51',
    startDate: '2023-10-24',
    endDate: '2023-10-26',
    targetGroups: [TargetGroup.COMMUNE_OFFICIALS, TargetGroup.ETHNIC_MINORITY_AREAS],
    capacity: 80,
  },
];
