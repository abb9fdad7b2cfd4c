import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CELL_KEY_MODULUS,
  MAX_NOISE,
  NOISE_TABLE,
  perturbCount,
  recordKeySql,
} from '../src/modules/dashboard/disclosure.js';
import { DEVELOPMENT_CELL_KEY_SECRET, loadConfig } from '../src/config.js';
import { signToken, testConfig, TestPlatform } from './support/platform.js';
import { startOnOwnDatabase, type Records } from './support/own-data.js';

/**
 * Small-cell suppression undone by differencing, and the cell key method that stops it.
 *
 * The data set, made here on a database of its own, is built for the attack: district 961 has
 * ten communes, each with 14 men (7 in key posts, 7 not) and 1 to 4 women, some in a key post.
 * Women's cells (all, key, non-key, enrolled) are small; every man's cell is large enough to be
 * shown even after the largest noise. A training program enrols the male key leaders and every
 * woman.
 *
 * What "cannot be derived exactly" means here: a caller without personal access gets figures
 * that each carry a fixed noise of at most ±MAX_NOISE. A small cell derived by differencing
 * (a total minus the visible cells, a margin minus its visible part, a complementary filter)
 * carries the sum of the noises of the figures used. That sum is zero for some derivations by
 * chance, but the caller cannot tell which: the derivations disagree, asking again gives the same
 * figures, and the same cell reached another way gives the same figure, so nothing averages out.
 * The test asserts that (a) no figure under the threshold is published, (b) every derivation of
 * the attack is wrong for some small cells, (c) most derivations are wrong, (d) every error stays
 * within the documented bound, and (e) no small cell is pinned to one value by combining all the
 * attack's derivations with that bound. As an ADMIN, the same attack recovers every small cell:
 * the attack is real, and exact figures stay exact for those who may see them.
 */
const THRESHOLD = testConfig().smallCellThreshold;
const MEN_PER_POST_KIND = 7;
const COMMUNES = Array.from({ length: 10 }, (_, i) => `961${String(i + 1).padStart(2, '0')}`);
const women = (i: number) => 1 + (i % 4);
const womenInKeyPosts = (i: number) => (i % 2 === 0 ? 1 : 0);

let platform: TestPlatform;
let records: Records;
let stop: () => Promise<void>;
let url: string;
const localityId: Record<string, string> = {};
const tokens: Record<string, string> = {};

beforeAll(async () => {
  ({ platform, records, stop, url } = await startOnOwnDatabase('disclosure'));
  tokens.anonymous = '';
  tokens.admin = platform.adminToken;
  tokens.analyst = await signToken({ role: 'ANALYST', sub: 'analyst@test' });
  tokens.districtEditor = await signToken({ role: 'EDITOR', scope: '961', sub: 'editor-961' });
  tokens.communeEditor = await signToken({ role: 'EDITOR', scope: '96101', sub: 'editor-96101' });
  tokens.otherEditor = await signToken({ role: 'EDITOR', scope: '962', sub: 'editor-962' });
  await records.locality('96');
  await records.locality('961', '96');
  await records.locality('962', '96');
  await records.locality('96201', '962');
  for (const code of COMMUNES) localityId[code] = (await records.locality(code, '961')).id;
  await records.agency('D-SNV', '961');
  await records.trainingProgram('D-2024-01', 'D-SNV', '961');
  for (const [i, code] of COMMUNES.entries()) {
    const people: { sex: 'FEMALE' | 'MALE'; key: boolean; enrolled: boolean }[] = [
      ...Array.from({ length: MEN_PER_POST_KIND }, () => ({
        sex: 'MALE' as const,
        key: true,
        enrolled: true,
      })),
      ...Array.from({ length: MEN_PER_POST_KIND }, () => ({
        sex: 'MALE' as const,
        key: false,
        enrolled: false,
      })),
      ...Array.from({ length: women(i) }, (_, w) => ({
        sex: 'FEMALE' as const,
        key: w < womenInKeyPosts(i),
        enrolled: true,
      })),
    ];
    for (const [n, person] of people.entries()) {
      const official = await records.official({
        fullName: `Cán bộ ${code} ${n}`,
        sex: person.sex,
        homeLocalityCode: code,
      });
      await records.position({
        officialId: official.id,
        localityCode: code,
        startDate: '2020-01-01',
        isKeyLeadership: person.key,
      });
      if (person.enrolled) await records.enrollment('D-2024-01', official.id);
    }
  }
}, 120_000);
afterAll(() => stop?.());

interface Group {
  locality?: { id: string } | null;
  sex?: string | null;
  keyLeadership?: boolean | null;
  count?: number;
  enrollments?: number;
}
interface Table {
  total: number | null;
  perturbed: boolean;
  groups: Group[];
}

const cellKey = (locality: string | null, sex: string | null = null, key: boolean | null = null) =>
  `${locality}|${sex}|${key}`;

/** A published table as a map from cell to figure, with its total under "total". */
function figures(table: Table): Map<string, number | null> {
  const map = new Map<string, number | null>([['total', table.total]]);
  for (const group of table.groups) {
    map.set(
      cellKey(group.locality?.id ?? null, group.sex ?? null, group.keyLeadership ?? null),
      group.count ?? group.enrollments ?? null,
    );
  }
  return map;
}

async function breakdown(
  token: string,
  groupBy: string[],
  filter: Record<string, unknown>,
): Promise<Table> {
  const data = await platform.data(
    `query ($groupBy: [OfficialDimension!]!, $filter: OfficialFilter) {
      t: officialsBreakdown(groupBy: $groupBy, filter: $filter) {
        total perturbed groups { locality { id } sex keyLeadership count }
      } }`,
    { groupBy, filter },
    { token },
  );
  return data.t;
}

async function participation(
  token: string,
  groupBy: string[],
  filter: Record<string, unknown>,
): Promise<Table> {
  const data = await platform.data(
    `query ($groupBy: [TrainingDimension!]!, $filter: TrainingParticipationFilter) {
      t: trainingParticipation(groupBy: $groupBy, filter: $filter) {
        total: enrollments perturbed groups { locality { id } sex enrollments }
      } }`,
    { groupBy, filter },
    { token },
  );
  return data.t;
}

/** Every table the attack asks for, as one caller. */
async function collectTables(token: string) {
  const within = { within: '961' };
  const tables: Record<string, Table> = {
    L: await breakdown(token, ['LOCALITY'], within),
    LS: await breakdown(token, ['LOCALITY', 'SEX'], within),
    LSK: await breakdown(token, ['LOCALITY', 'SEX', 'KEY_LEADERSHIP'], within),
    LM: await breakdown(token, ['LOCALITY'], { ...within, sex: 'MALE' }),
    LF: await breakdown(token, ['LOCALITY'], { ...within, sex: 'FEMALE' }),
    Lk: await breakdown(token, ['LOCALITY'], { ...within, keyLeadership: true }),
    Ln: await breakdown(token, ['LOCALITY'], { ...within, keyLeadership: false }),
    LSk: await breakdown(token, ['LOCALITY', 'SEX'], { ...within, keyLeadership: true }),
    LSn: await breakdown(token, ['LOCALITY', 'SEX'], { ...within, keyLeadership: false }),
    TL: await participation(token, ['LOCALITY'], within),
    TLS: await participation(token, ['LOCALITY', 'SEX'], within),
  };
  for (const code of COMMUNES) {
    tables[`S:${code}`] = await breakdown(token, ['SEX'], { within: code });
    tables[`TS:${code}`] = await participation(token, ['SEX'], { within: code });
  }
  return tables;
}

type Term = [sign: 1 | -1, table: string, cell: string];
interface SmallCell {
  name: string;
  truth: number;
  routes: Record<string, Term[]>;
}

/** The small cells and every way the attack derives each from published figures. */
function smallCells(): SmallCell[] {
  const cells: SmallCell[] = [];
  for (const [i, code] of COMMUNES.entries()) {
    const id = localityId[code];
    const all = cellKey(id);
    const male = cellKey(id, 'MALE');
    const maleIn = (key: boolean) => cellKey(id, 'MALE', key);
    cells.push({
      name: `women in ${code}`,
      truth: women(i),
      routes: {
        'margin minus visible cell': [
          [1, 'L', all],
          [-1, 'LS', male],
        ],
        'total minus visible cells': [
          [1, `S:${code}`, 'total'],
          [-1, `S:${code}`, cellKey(null, 'MALE')],
        ],
        'complementary sex filter': [
          [1, 'L', all],
          [-1, 'LM', all],
        ],
        'margin minus finer visible cells': [
          [1, 'L', all],
          [-1, 'LSK', maleIn(true)],
          [-1, 'LSK', maleIn(false)],
        ],
      },
    });
    if (womenInKeyPosts(i) > 0) {
      cells.push({
        name: `women in key posts in ${code}`,
        truth: womenInKeyPosts(i),
        routes: {
          'keyLeadership margin minus visible cell': [
            [1, 'Lk', all],
            [-1, 'LSk', male],
          ],
          'complementary keyLeadership filter': [
            [1, 'L', all],
            [-1, 'Ln', all],
            [-1, 'LSK', maleIn(true)],
          ],
        },
      });
    }
    if (women(i) - womenInKeyPosts(i) > 0) {
      cells.push({
        name: `women in other posts in ${code}`,
        truth: women(i) - womenInKeyPosts(i),
        routes: {
          'keyLeadership margin minus visible cell': [
            [1, 'Ln', all],
            [-1, 'LSn', male],
          ],
          'complementary keyLeadership filter': [
            [1, 'L', all],
            [-1, 'Lk', all],
            [-1, 'LSK', maleIn(false)],
          ],
        },
      });
    }
    cells.push({
      name: `women enrolled in ${code}`,
      truth: women(i),
      routes: {
        'margin minus visible cell': [
          [1, 'TL', all],
          [-1, 'TLS', male],
        ],
        'total minus visible cells': [
          [1, `TS:${code}`, 'total'],
          [-1, `TS:${code}`, cellKey(null, 'MALE')],
        ],
      },
    });
  }
  return cells;
}

interface Derivation {
  cell: SmallCell;
  route: string;
  terms: number;
  value: number | null;
}

/** The attack: every route of every small cell, null where a figure it needs is withheld. */
function derive(tables: Record<string, Table>): Derivation[] {
  const published = new Map(Object.entries(tables).map(([name, table]) => [name, figures(table)]));
  return smallCells().flatMap((cell) =>
    Object.entries(cell.routes).map(([route, terms]) => {
      let value: number | null = 0;
      for (const [sign, table, key] of terms) {
        const figure = published.get(table)!.get(key);
        if (figure == null) {
          value = null;
          break;
        }
        value += sign * figure;
      }
      return { cell, route, terms: terms.length, value };
    }),
  );
}

describe('the data set', () => {
  it('has small cells under the threshold and visible cells beyond any noise', () => {
    expect(Math.max(...COMMUNES.map((_, i) => women(i)))).toBeLessThan(THRESHOLD);
    expect(MEN_PER_POST_KIND - MAX_NOISE).toBeGreaterThanOrEqual(THRESHOLD);
  });
});

describe('the differencing attack', () => {
  it('recovers every small cell from exact tables (what an ADMIN, who may see everyone, gets)', async () => {
    const derivations = derive(await collectTables(tokens.admin));
    expect(derivations.length).toBeGreaterThan(50);
    for (const { cell, route, value } of derivations) {
      expect(value, `${cell.name} by ${route}`).toBe(cell.truth);
    }
  });

  it('derives no small cell exactly from an anonymous caller’s tables', async () => {
    const tables = await collectTables(tokens.anonymous);
    // (a) Nothing under the threshold is published.
    for (const [name, table] of Object.entries(tables)) {
      expect(table.perturbed, name).toBe(true);
      for (const [cell, figure] of figures(table)) {
        if (figure !== null) expect(figure, `${name} ${cell}`).toBeGreaterThanOrEqual(THRESHOLD);
      }
    }
    const derivations = derive(tables);
    const available = derivations.filter((d) => d.value !== null);
    const exact = available.filter((d) => d.value === d.cell.truth);
    // (b) No route of the attack is reliable: each is wrong for some small cells.
    for (const route of new Set(derivations.map((d) => d.route))) {
      const ofRoute = derivations.filter((d) => d.route === route);
      expect(
        ofRoute.some((d) => d.value !== d.cell.truth),
        `every derivation by "${route}" came out exact`,
      ).toBe(true);
    }
    // (c) Most derivations are wrong (a difference of two figures is exact about a quarter of
    // the time by chance, which the caller cannot tell).
    expect(exact.length / derivations.length).toBeLessThan(0.5);
    // (d) Errors stay within the documented bound: at most MAX_NOISE per figure used.
    for (const d of available) {
      expect(Math.abs(d.value! - d.cell.truth), `${d.cell.name} by ${d.route}`).toBeLessThanOrEqual(
        MAX_NOISE * d.terms,
      );
    }
    // (e) Combining every route of a cell with that bound leaves more than one candidate count.
    for (const cell of smallCells()) {
      const ofCell = available.filter((d) => d.cell === cell);
      let low = 0;
      let high = Infinity;
      for (const d of ofCell) {
        low = Math.max(low, d.value! - MAX_NOISE * d.terms);
        high = Math.min(high, d.value! + MAX_NOISE * d.terms);
      }
      expect(
        high - low,
        `${cell.name} pinned by ${ofCell.length} derivations`,
      ).toBeGreaterThanOrEqual(1);
    }
    console.info(
      `differencing attack on perturbed tables: ${smallCells().length} small cells, ` +
        `${derivations.length} derivations, ${derivations.length - available.length} impossible ` +
        `(a figure withheld), ${exact.length} exact by chance; small cells whose every available ` +
        `derivation came out exact: ${
          smallCells().filter((cell) => {
            const ofCell = available.filter((d) => d.cell === cell);
            return ofCell.length > 0 && ofCell.every((d) => d.value === cell.truth);
          }).length
        }`,
    );
  });
});

describe('consistent perturbation', () => {
  it('gives the same figures to the same query asked again', async () => {
    const first = await collectTables(tokens.anonymous);
    const second = await collectTables(tokens.analyst);
    expect(second).toEqual(first);
  });

  it('gives a cell the same figure whichever query reaches it', async () => {
    const tables = await collectTables(tokens.anonymous);
    const published = (table: string, cell: string) => figures(tables[table]).get(cell);
    let compared = 0;
    for (const code of COMMUNES) {
      const id = localityId[code];
      // The men of a commune: one cell of three different tables.
      const men = published('LS', cellKey(id, 'MALE'));
      expect(men, code).toBeGreaterThanOrEqual(THRESHOLD);
      expect(published('LM', cellKey(id)), code).toBe(men);
      expect(published(`S:${code}`, cellKey(null, 'MALE')), code).toBe(men);
      // Everyone in the commune: a margin cell and a total.
      expect(published(`S:${code}`, 'total'), code).toBe(published('L', cellKey(id)));
      // The male key leaders: by a finer grouping and by a filter.
      expect(published('LSk', cellKey(id, 'MALE')), code).toBe(
        published('LSK', cellKey(id, 'MALE', true)),
      );
      // Enrolments: a margin cell and a total.
      expect(published(`TS:${code}`, 'total'), code).toBe(published('TL', cellKey(id)));
      compared++;
    }
    expect(compared).toBe(COMMUNES.length);
    // A one-cell table's total is the same record set as its cell, hence the same figure.
    const onlyMen = await breakdown(tokens.anonymous, ['SEX'], {
      within: COMMUNES[0],
      sex: 'MALE',
    });
    expect(onlyMen.groups).toHaveLength(1);
    expect(onlyMen.total).toBe(onlyMen.groups[0].count);
  });

  it('perturbs totals as cells of their own, the same whichever grouping', async () => {
    const tables = await collectTables(tokens.anonymous);
    const trueTotal = COMMUNES.reduce((sum, _, i) => sum + 2 * MEN_PER_POST_KIND + women(i), 0);
    const total = tables.L.total!;
    // One record set, one figure: not a sum of each grouping's perturbed cells.
    expect(tables.LS.total).toBe(total);
    expect(tables.LSK.total).toBe(total);
    expect(Math.abs(total - trueTotal)).toBeLessThanOrEqual(MAX_NOISE);
  });
});

describe('who gets exact figures', () => {
  const trueMen = 2 * MEN_PER_POST_KIND;
  const exactMenTable = (table: Table, ids: string[]) => {
    expect(table.perturbed).toBe(false);
    const map = figures(table);
    for (const id of ids) expect(map.get(cellKey(id, 'MALE'))).toBe(trueMen);
  };

  it('ADMINs and EDITORs within their scope get exact counts', async () => {
    const ids = COMMUNES.map((code) => localityId[code]);
    exactMenTable(await breakdown(tokens.admin, ['LOCALITY', 'SEX'], { within: '961' }), ids);
    exactMenTable(
      await breakdown(tokens.districtEditor, ['LOCALITY', 'SEX'], { within: '961' }),
      ids,
    );
    exactMenTable(
      await breakdown(tokens.communeEditor, ['LOCALITY', 'SEX'], { within: COMMUNES[0] }),
      [localityId[COMMUNES[0]]],
    );
    const training = await participation(tokens.districtEditor, ['LOCALITY'], { within: '961' });
    expect(training.perturbed).toBe(false);
    expect(training.total).toBe(
      COMMUNES.reduce((sum, _, i) => sum + MEN_PER_POST_KIND + women(i), 0),
    );
    const unconfined = await breakdown(tokens.admin, ['SEX'], {});
    expect(unconfined.perturbed).toBe(false);
  });

  it('EDITORs outside their scope, analysts and anonymous callers get perturbed counts', async () => {
    const cases: [string, Record<string, unknown>][] = [
      ['communeEditor', { within: '961' }],
      ['communeEditor', {}],
      ['otherEditor', { within: '961' }],
      ['districtEditor', { within: '96' }],
      ['analyst', { within: '961' }],
      ['anonymous', { within: '961' }],
    ];
    for (const [caller, filter] of cases) {
      const label = `${caller} ${JSON.stringify(filter)}`;
      const table = await breakdown(tokens[caller], ['LOCALITY', 'SEX'], filter);
      expect(table.perturbed, label).toBe(true);
      const men = table.groups.filter((group) => group.sex === 'MALE').map((group) => group.count);
      expect(men, label).toHaveLength(COMMUNES.length);
      // Ten cells of 14 men: the noise moves some of them (all ten unmoved: p = 0.4^10).
      expect(
        men.some((count) => count !== trueMen),
        label,
      ).toBe(true);
      const training = await participation(tokens[caller], ['LOCALITY', 'SEX'], filter);
      expect(training.perturbed, label).toBe(true);
    }
  });
});

describe('the record keys and the perturbation table', () => {
  it('record keys are HMAC-SHA256 of the record with the configured secret', async () => {
    const knex = platform.orm.em.getKnex();
    const rows = await platform.orm.em
      .getConnection()
      .execute<{ id: number; key: string }[]>(
        knex
          .from(knex.raw('(values (1), (42), (123456)) as r(id)'))
          .select(
            'r.id',
            knex.raw('? as key', [
              recordKeySql(knex, testConfig().cellKeySecret, 'official', 'r.id'),
            ]),
          ),
      );
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      const mac = createHmac('sha256', DEVELOPMENT_CELL_KEY_SECRET)
        .update(`official:${row.id}`)
        .digest();
      expect(Number(row.key)).toBe(mac.readUInt32BE(0));
    }
  });

  it('the secret must be configured in production and be long enough', () => {
    expect(testConfig().cellKeySecret).toBe(DEVELOPMENT_CELL_KEY_SECRET);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /CELL_KEY_SECRET must be set in production/,
    );
    expect(() => loadConfig({ BINH_DANG_PROFILE: 'production', CELL_KEY_SECRET: '' })).toThrow(
      /CELL_KEY_SECRET must be set in production/,
    );
    // A short secret is refused without being repeated in the message.
    expect(() => loadConfig({ CELL_KEY_SECRET: 'short-secret' })).toThrow(
      /^CELL_KEY_SECRET must be at least 32 characters, got 12$/,
    );
    const secret = 'x'.repeat(40);
    expect(loadConfig({ NODE_ENV: 'production', CELL_KEY_SECRET: secret }).cellKeySecret).toBe(
      secret,
    );
  });

  it('perturbs with the configured secret, which every request carries', async () => {
    const query = `{ t: officialsBreakdown(groupBy: [LOCALITY, SEX], filter: { within: "961" }) {
      total perturbed groups { locality { code } sex count } } }`;
    const other = await TestPlatform.start(url, testConfig({ cellKeySecret: 'z'.repeat(40) }));
    try {
      const anonymous = { token: tokens.anonymous };
      const mine = await platform.data(query, {}, anonymous);
      expect(mine.t.perturbed).toBe(true);
      expect(await platform.data(query, {}, anonymous)).toEqual(mine);
      // Another secret gives other record keys, so other noise; exact figures stay the same.
      expect(await other.data(query, {}, anonymous)).not.toEqual(mine);
      const exact = await platform.data(query, {}, { token: tokens.admin });
      expect(exact.t.perturbed).toBe(false);
      expect(await other.data(query, {}, { token: tokens.admin })).toEqual(exact);
    } finally {
      await other.stop();
    }
  });

  it('noise follows the table, never exceeds the bound and never makes an empty cell positive', () => {
    const steps = 100_000;
    const seen = new Map<number, number>();
    const emptyMadePositive: number[] = [];
    const negative: number[] = [];
    for (let step = 0; step < steps; step++) {
      const key = Math.floor(((step + 0.5) / steps) * CELL_KEY_MODULUS);
      const noise = perturbCount(50, key) - 50;
      seen.set(noise, (seen.get(noise) ?? 0) + 1);
      if (perturbCount(0, key) !== 0) emptyMadePositive.push(key);
      if (perturbCount(1, key) < 0) negative.push(key);
    }
    expect(emptyMadePositive).toEqual([]);
    expect(negative).toEqual([]);
    for (const { noise, probability } of NOISE_TABLE) {
      expect(Math.abs(noise)).toBeLessThanOrEqual(MAX_NOISE);
      expect((seen.get(noise) ?? 0) / steps).toBeCloseTo(probability, 3);
    }
    expect([...seen.keys()].sort()).toEqual(NOISE_TABLE.map(({ noise }) => noise).sort());
  });
});

describe('figures about units stay exact', () => {
  let seeded: TestPlatform;
  beforeAll(async () => {
    seeded = await TestPlatform.start();
  });
  afterAll(() => seeded?.stop());

  it('indicator attainment and key-leader coverage are the published figures for every caller', async () => {
    const query = `{
      indicatorAttainment(year: 2023, localityCode: "51") { tracked met metShare goals { met } }
      districts: keyLeaderCoverage(localityCode: "51", level: DISTRICT, asOf: "2023-12-31") {
        units withFemaleKeyLeader share }
      communes: keyLeaderCoverage(localityCode: "51", level: COMMUNE, asOf: "2023-12-31") {
        units withFemaleKeyLeader }
    }`;
    const analyst = await signToken({ role: 'ANALYST', sub: 'analyst@test' });
    for (const token of ['', analyst, seeded.adminToken]) {
      const data = await seeded.data(query, undefined, { token });
      expect(data.indicatorAttainment).toMatchObject({ tracked: 19, met: 16 });
      expect(data.districts).toMatchObject({ units: 13, withFemaleKeyLeader: 9 });
      expect(data.communes).toMatchObject({ units: 173, withFemaleKeyLeader: 105 });
    }
  });

  it('key-leader coverage of the attack’s district is exact for an anonymous caller', async () => {
    const data = await platform.data(
      `{ keyLeaderCoverage(localityCode: "961", level: COMMUNE, asOf: "2024-06-30") { units withFemaleKeyLeader } }`,
      undefined,
      { token: '' },
    );
    expect(data.keyLeaderCoverage).toEqual({
      units: COMMUNES.length,
      withFemaleKeyLeader: COMMUNES.filter((_, i) => womenInKeyPosts(i) > 0).length,
    });
  });
});
