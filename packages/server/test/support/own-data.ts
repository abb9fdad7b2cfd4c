import { TestPlatform } from './platform.js';
import { createScratchDatabase } from './scratch-database.js';

/**
 * A platform on a migrated but empty database of its own, for tests that need exact,
 * hand-made data: nothing else in the run reads or writes it.
 */
export async function startOnOwnDatabase(label: string) {
  const scratch = await createScratchDatabase(label);
  const platform = await TestPlatform.start(scratch.url);
  return {
    platform,
    /** The scratch database, for a second platform with another configuration. */
    url: scratch.url,
    records: new Records(platform),
    stop: async () => {
      await platform.stop();
      await scratch.drop();
    },
  };
}

export interface Created {
  id: string;
  version: number;
}

/** Creates records through the API as an ADMIN, failing on any error. */
export class Records {
  constructor(private readonly platform: TestPlatform) {}

  private async create(
    mutation: string,
    inputType: string,
    input: Record<string, unknown>,
  ): Promise<Created> {
    const data = await this.platform.data(
      `mutation ($input: ${inputType}!) { result: ${mutation}(input: $input) { id version } }`,
      { input },
    );
    return data.result;
  }

  /** A province (two digits), district (three) or commune (five), by the length of the code. */
  locality(code: string, parentCode?: string, extra: Record<string, unknown> = {}) {
    const level = code.length === 2 ? 'PROVINCE' : code.length === 3 ? 'DISTRICT' : 'COMMUNE';
    const type = { PROVINCE: 'PROVINCE', DISTRICT: 'RURAL_DISTRICT', COMMUNE: 'COMMUNE' }[level];
    return this.create('createLocality', 'CreateLocalityInput', {
      code,
      name: `Đơn vị ${code}`,
      shortName: code,
      level,
      type,
      parentCode,
      source: 'test data',
      ...extra,
    });
  }

  official(input: {
    fullName: string;
    sex: 'FEMALE' | 'MALE';
    homeLocalityCode?: string;
    ethnicity?: string;
    birthYear?: number;
    reference?: string;
  }) {
    return this.create('createOfficial', 'CreateOfficialInput', { ethnicity: 'Kinh', ...input });
  }

  position(input: {
    officialId: string;
    localityCode: string;
    startDate: string;
    endDate?: string | null;
    isKeyLeadership?: boolean;
    agencyCode?: string;
  }) {
    return this.create('createPosition', 'CreatePositionInput', {
      title: 'Chủ tịch Ủy ban nhân dân',
      organisationKind: 'PEOPLES_COMMITTEE',
      isKeyLeadership: true,
      ...input,
    });
  }

  agency(code: string, localityCode: string, kind = 'DEPARTMENT') {
    return this.create('createAgency', 'CreateAgencyInput', {
      code,
      nameVi: `Cơ quan ${code}`,
      nameEn: `Agency ${code}`,
      kind,
      localityCode,
    });
  }

  trainingProgram(code: string, organiserCode: string, localityCode: string, year = 2024) {
    return this.create('createTrainingProgram', 'CreateTrainingProgramInput', {
      code,
      title: `Khóa ${code}`,
      kind: 'WORKSHOP',
      organiserCode,
      localityCode,
      startDate: `${year}-03-01`,
      endDate: `${year}-03-02`,
      capacity: 100,
    });
  }

  enrollment(programCode: string, officialId: string) {
    return this.create('enrollOfficial', 'EnrollOfficialInput', { programCode, officialId });
  }

  /**
   * The strategy NQ28-2021-2030 with goal MT1 and one indicator per code (PERCENT unless given),
   * written directly: the catalogue has no mutations.
   */
  async strategy(indicators: (string | { code: string; unit: string; valueScale: number })[]) {
    const knex = this.platform.orm.em.getKnex();
    const [strategy] = await knex('strategy')
      .insert({
        code: 'NQ28-2021-2030',
        name_vi: 'Chiến lược thử',
        name_en: 'Test strategy',
        legal_basis: 'test',
        start_year: 2021,
        end_year: 2030,
      })
      .returning('id');
    const [goal] = await knex('goal')
      .insert({
        strategy_id: strategy.id,
        code: 'MT1',
        name_vi: 'MT1',
        name_en: 'MT1',
        sort_order: 1,
      })
      .returning('id');
    await knex('indicator').insert(
      indicators.map((indicator, index) => {
        const { code, unit, valueScale } =
          typeof indicator === 'string'
            ? { code: indicator, unit: 'PERCENT', valueScale: 100 }
            : indicator;
        return {
          strategy_id: strategy.id,
          goal_id: goal.id,
          code,
          name_vi: code,
          name_en: code,
          unit,
          direction: 'AT_LEAST',
          text_status: 'UNKNOWN',
          source: 'test',
          sort_order: index + 1,
          value_scale: valueScale,
        };
      }),
    );
  }

  task(code: string, assigneeCode: string) {
    return this.create('createTask', 'CreateTaskInput', {
      code,
      title: `Nhiệm vụ ${code}`,
      assigneeCode,
      source: 'test data',
    });
  }
}
