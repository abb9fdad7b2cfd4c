import { OrganisationKind } from '../modules/official/position.entity.js';
import { Sex } from '../modules/official/official.entity.js';
import { SeededRandom } from './random.js';

/** Published: 9 of 13 district-level and 105 of 173 commune-level governments had a female key leader. */
export const DISTRICTS_WITH_FEMALE_KEY_LEADER = 9;
export const COMMUNES_WITH_FEMALE_KEY_LEADER = 105;

export interface GovernmentUnit {
  code: string;
  level: 'PROVINCE' | 'DISTRICT' | 'COMMUNE';
  type: string;
  districtCode: string | null;
  /** Main ethnic minority where the unit lies in the mountainous districts, else null. */
  minority: string | null;
}

export interface SyntheticPosition {
  title: string;
  organisationKind: OrganisationKind;
  localityCode: string;
  agencyCode?: string;
  isKeyLeadership: boolean;
  startDate: string;
  endDate?: string;
}

export interface SyntheticOfficial {
  reference: string;
  fullName: string;
  sex: Sex;
  birthYear: number;
  ethnicity: string;
  homeLocalityCode: string;
  level: GovernmentUnit['level'];
  positions: SyntheticPosition[];
}

const FAMILY_NAMES = [
  'Nguyễn',
  'Nguyễn',
  'Nguyễn',
  'Trần',
  'Trần',
  'Lê',
  'Lê',
  'Phạm',
  'Huỳnh',
  'Võ',
  'Phan',
  'Trương',
  'Bùi',
  'Đặng',
  'Đỗ',
  'Ngô',
  'Hồ',
  'Dương',
  'Đinh',
  'Lương',
  'Tạ',
  'Châu',
];
const MINORITY_FAMILY_NAMES: Record<string, string[]> = {
  Hrê: ['Đinh', 'Đinh', 'Phạm', 'Huỳnh', 'Võ'],
  Cor: ['Hồ', 'Hồ', 'Đinh', 'Nguyễn'],
  'Ca Dong': ['Đinh', 'Đinh', 'Hồ', 'Phạm'],
};
/** Middle and given names by sex, shared with the national benchmark's generator. */
export const MIDDLE_NAMES: Record<Sex, string[]> = {
  [Sex.MALE]: ['Văn', 'Văn', 'Minh', 'Đức', 'Công', 'Quốc', 'Hữu', 'Thanh', 'Ngọc'],
  [Sex.FEMALE]: ['Thị', 'Thị', 'Thị', 'Ngọc', 'Thu', 'Kim', 'Thanh', 'Mỹ', 'Diệu'],
};
export const GIVEN_NAMES: Record<Sex, string[]> = {
  [Sex.MALE]: [
    'Hùng',
    'Dũng',
    'Tuấn',
    'Minh',
    'Sơn',
    'Phong',
    'Long',
    'Hải',
    'Quang',
    'Thắng',
    'Trung',
    'Nam',
    'Bình',
    'Khánh',
    'Tài',
    'Phúc',
    'Lộc',
    'Hiếu',
    'Vinh',
    'Cường',
    'Thành',
    'Đạt',
  ],
  [Sex.FEMALE]: [
    'Lan',
    'Hoa',
    'Hương',
    'Mai',
    'Hạnh',
    'Thảo',
    'Trang',
    'Nga',
    'Hằng',
    'Yến',
    'Phương',
    'Linh',
    'Thủy',
    'Loan',
    'Nhung',
    'Vân',
    'Hà',
    'Oanh',
    'Tuyết',
    'Xuân',
    'Liên',
  ],
};

const TERM_START = '2021-07-01';

function partyCommitteeName(unit: GovernmentUnit): string {
  if (unit.level === 'COMMUNE') return 'Đảng ủy';
  if (unit.level === 'PROVINCE') return 'Tỉnh ủy';
  if (unit.type === 'PROVINCIAL_CITY') return 'Thành ủy';
  if (unit.type === 'DISTRICT_TOWN') return 'Thị ủy';
  return 'Huyện ủy';
}

/** The five key posts (lãnh đạo chủ chốt) of a local government. */
function keyPosts(unit: GovernmentUnit): Omit<SyntheticPosition, 'startDate' | 'localityCode'>[] {
  const party = partyCommitteeName(unit);
  return [
    {
      title: `Bí thư ${party}`,
      organisationKind: OrganisationKind.PARTY_COMMITTEE,
      isKeyLeadership: true,
    },
    {
      title: `Phó Bí thư ${party}`,
      organisationKind: OrganisationKind.PARTY_COMMITTEE,
      isKeyLeadership: true,
    },
    {
      title: 'Chủ tịch Hội đồng nhân dân',
      organisationKind: OrganisationKind.PEOPLES_COUNCIL,
      isKeyLeadership: true,
    },
    {
      title: 'Chủ tịch Ủy ban nhân dân',
      organisationKind: OrganisationKind.PEOPLES_COMMITTEE,
      isKeyLeadership: true,
    },
    {
      title: 'Phó Chủ tịch Ủy ban nhân dân',
      organisationKind: OrganisationKind.PEOPLES_COMMITTEE,
      isKeyLeadership: true,
    },
  ];
}

function staffPosts(unit: GovernmentUnit): Omit<SyntheticPosition, 'startDate' | 'localityCode'>[] {
  const titles =
    unit.level === 'COMMUNE'
      ? ['Công chức Văn hóa – Xã hội', 'Công chức Tư pháp – Hộ tịch']
      : ['Trưởng phòng Nội vụ', 'Trưởng phòng Lao động – Thương binh và Xã hội'];
  return titles.map((title) => ({
    title,
    organisationKind: OrganisationKind.PEOPLES_COMMITTEE,
    isKeyLeadership: false,
  }));
}

/** Makes fictitious people living in a unit, numbered after `prefix`, into `officials`. */
function personMaker(random: SeededRandom, officials: SyntheticOfficial[], prefix: string) {
  return (unit: GovernmentUnit, sex: Sex, birthFrom: number, birthTo: number) => {
    const minority = unit.minority && random.next() < (unit.level === 'COMMUNE' ? 0.75 : 0.5);
    const ethnicity = minority ? unit.minority! : 'Kinh';
    const family = random.pick((minority && MINORITY_FAMILY_NAMES[ethnicity]) || FAMILY_NAMES);
    const official: SyntheticOfficial = {
      reference: `${prefix}${String(officials.length + 1).padStart(5, '0')}`,
      fullName: `${family} ${random.pick(MIDDLE_NAMES[sex])} ${random.pick(GIVEN_NAMES[sex])}`,
      sex,
      birthYear: random.int(birthFrom, birthTo),
      ethnicity,
      homeLocalityCode: unit.code,
      level: unit.level,
      positions: [],
    };
    officials.push(official);
    return official;
  };
}

/**
 * Demo officials of the units formed on 2025-07-01: the five key posts of each commune-level
 * government from the day it began. No figure about them is published; the share of communes
 * with a woman in a key post repeats that of 2023 (105 of 173), so it is as synthetic as the
 * people are.
 */
export function generateReformOfficials(
  communes: GovernmentUnit[],
  startDate: string,
  seed = 20250701,
): SyntheticOfficial[] {
  const random = new SeededRandom(seed);
  const officials: SyntheticOfficial[] = [];
  const person = personMaker(random, officials, 'DEMO-QNG25-');
  const share = COMMUNES_WITH_FEMALE_KEY_LEADER / 173;
  const withWoman = new Set(
    random.sample(communes, Math.round(communes.length * share)).map((unit) => unit.code),
  );
  for (const unit of communes) {
    const female = withWoman.has(unit.code) ? random.int(0, 4) : -1;
    keyPosts(unit).forEach((post, index) => {
      const holder = person(unit, index === female ? Sex.FEMALE : Sex.MALE, 1966, 1988);
      holder.positions.push({ ...post, localityCode: unit.code, startDate });
    });
  }
  return officials;
}

/**
 * Generates the demo officials of Quảng Ngãi. Deterministic; every person is fictitious. Exactly
 * the published numbers of district and commune governments get at least one woman in a key
 * post at the end of 2023; which ones is not published, so the choice here is random.
 */
export function generateOfficials(
  units: GovernmentUnit[],
  agencies: { code: string; kind: string }[],
  seed = 20231231,
): SyntheticOfficial[] {
  const random = new SeededRandom(seed);
  const officials: SyntheticOfficial[] = [];
  const person = personMaker(random, officials, 'DEMO-QNG-');

  const districts = units.filter((unit) => unit.level === 'DISTRICT');
  const communes = units.filter((unit) => unit.level === 'COMMUNE');
  const withWoman = new Set([
    ...random.sample(districts, DISTRICTS_WITH_FEMALE_KEY_LEADER).map((unit) => unit.code),
    ...random.sample(communes, COMMUNES_WITH_FEMALE_KEY_LEADER).map((unit) => unit.code),
  ]);

  for (const unit of units) {
    const posts = keyPosts(unit);
    let femalePosts = new Set<number>();
    if (unit.level === 'PROVINCE') femalePosts = new Set([4]);
    else if (withWoman.has(unit.code)) {
      femalePosts = new Set(random.sample([0, 1, 2, 3, 4], random.next() < 0.3 ? 2 : 1));
    }
    posts.forEach((post, index) => {
      const sex = femalePosts.has(index) ? Sex.FEMALE : Sex.MALE;
      const holder = person(unit, sex, 1964, 1985);
      // Some posts changed hands in 2023; the earlier holder keeps an ended position.
      let startDate = TERM_START;
      if (random.next() < 0.05) {
        startDate = `2023-0${random.int(2, 9)}-01`;
        const predecessor = person(unit, sex, 1960, 1975);
        predecessor.positions.push({
          ...post,
          localityCode: unit.code,
          startDate: TERM_START,
          endDate: previousDay(startDate),
        });
      }
      holder.positions.push({ ...post, localityCode: unit.code, startDate });
    });
    // A woman who left a key post before 2023 leaves no female key leader behind her.
    if (unit.level !== 'PROVINCE' && !withWoman.has(unit.code) && random.next() < 0.1) {
      const former = person(unit, Sex.FEMALE, 1962, 1978);
      const chair = posts[4];
      if (!chair) throw new Error('a unit has five key posts');
      former.positions.push({
        ...chair,
        localityCode: unit.code,
        startDate: '2016-07-01',
        endDate: '2021-06-30',
      });
    }
    if (unit.level !== 'PROVINCE') {
      for (const post of staffPosts(unit)) {
        const holder = person(unit, random.next() < 0.5 ? Sex.FEMALE : Sex.MALE, 1970, 1995);
        holder.positions.push({ ...post, localityCode: unit.code, startDate: '2020-01-01' });
      }
    }
  }

  // Heads of the provincial agencies; department heads also sit on the committee.
  const province = units.find((unit) => unit.level === 'PROVINCE')!;
  for (const agency of agencies) {
    if (agency.kind === 'PEOPLES_COMMITTEE' || agency.kind === 'COMMITTEE') continue;
    const head = person(province, random.next() < 0.35 ? Sex.FEMALE : Sex.MALE, 1965, 1980);
    const title =
      agency.kind === 'MASS_ORGANISATION'
        ? 'Chủ tịch'
        : agency.kind === 'STATISTICS_OFFICE'
          ? 'Cục trưởng'
          : 'Giám đốc';
    head.positions.push({
      title,
      organisationKind:
        agency.kind === 'MASS_ORGANISATION'
          ? OrganisationKind.MASS_ORGANISATION
          : OrganisationKind.AGENCY,
      localityCode: province.code,
      agencyCode: agency.code,
      isKeyLeadership: true,
      startDate: '2020-08-01',
    });
    const committeeRole =
      agency.code === 'QNG-SLDTBXH'
        ? 'Phó Trưởng ban Thường trực'
        : agency.code === 'QNG-HLHPN'
          ? 'Phó Trưởng ban'
          : 'Thành viên';
    head.positions.push({
      title: committeeRole,
      organisationKind: OrganisationKind.COMMITTEE,
      localityCode: province.code,
      agencyCode: 'QNG-VSTBPN',
      isKeyLeadership: false,
      startDate: '2021-09-01',
    });
  }
  // The committee is chaired by the Standing Vice Chairman of the Provincial People's Committee.
  const chair = person(province, Sex.MALE, 1966, 1972);
  chair.positions.push(
    {
      title: 'Phó Chủ tịch Thường trực Ủy ban nhân dân',
      organisationKind: OrganisationKind.PEOPLES_COMMITTEE,
      localityCode: province.code,
      isKeyLeadership: true,
      startDate: TERM_START,
    },
    {
      title: 'Trưởng ban',
      organisationKind: OrganisationKind.COMMITTEE,
      localityCode: province.code,
      agencyCode: 'QNG-VSTBPN',
      isKeyLeadership: false,
      startDate: '2021-09-01',
    },
  );
  return officials;
}

function previousDay(isoDate: string): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}
