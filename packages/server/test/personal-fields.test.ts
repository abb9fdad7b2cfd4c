import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken, TestPlatform } from './support/platform.js';

let platform: TestPlatform;
let sonHaEditor: string;
beforeAll(async () => {
  platform = await TestPlatform.start();
  sonHaEditor = await signToken({ role: 'EDITOR', scope: '529', sub: 'son-ha' });
});
afterAll(() => platform.stop());

describe('personal fields', () => {
  it('stay masked for an official reached through posts at every depth', async () => {
    const HOLDER = 'official { id sex fullName birthYear ethnicity }';
    // Districts 525 and 529 were abolished by the 2025 reform: read them as of the end of 2023.
    const QUERY = `query ($code: String!) { locality(code: $code, asOf: "2023-12-31") { positions {
      ${HOLDER} locality { positions { ${HOLDER} locality { positions { ${HOLDER} } } } } } } }`;
    const ownPeople = new Set(
      (
        await platform.sql<{ id: number }>(
          `select o.id from official o join locality h on h.id = o.home_locality_id
             join locality d on d.code = '529' and h.path like d.path || '%'`,
        )
      ).map((row) => String(row.id)),
    );
    type Holder = { id: string; sex: string | null; fullName: string | null };
    type Post = { official: Holder; locality?: { positions: Post[] } };
    const collect = (posts: Post[], into: Holder[]) => {
      for (const post of posts) {
        into.push(post.official);
        if (post.locality) collect(post.locality.positions, into);
      }
      return into;
    };
    let hidden = 0;
    let shown = 0;
    for (const code of ['525', '529']) {
      const data = await platform.data(QUERY, { code }, { token: sonHaEditor });
      const reached = collect(data.locality.positions, []);
      expect(reached.length).toBeGreaterThan(data.locality.positions.length);
      for (const official of reached) {
        const visible = ownPeople.has(official.id);
        for (const field of ['sex', 'fullName', 'birthYear', 'ethnicity'] as const) {
          const value = (official as Record<string, unknown>)[field];
          if (!visible) expect(value, `${code}: ${official.id}.${field}`).toBeNull();
        }
        if (visible) {
          expect(official.fullName).toEqual(expect.any(String));
          shown++;
        } else hidden++;
      }
    }
    expect(hidden).toBeGreaterThan(0);
    expect(shown).toBeGreaterThan(0);
  });

  it("answer from the request's decision on an official, once made, both ways", async () => {
    const inScope = `select o.id from official o join locality h on h.id = o.home_locality_id
      join locality d on d.code = '529' and h.path like d.path || '%'`;
    const [hidden] = await platform.sql<{ id: number; code: string }>(
      `select p.official_id as id, l.code from official_position p join locality l on l.id = p.locality_id
        where p.official_id not in (${inScope}) and p.archived_at is null order by p.id limit 1`,
    );
    const [own] = await platform.sql<{ id: number }>(`${inScope} order by o.id limit 1`);
    const data = await platform.data(
      `query ($hidden: ID!, $own: ID!, $code: String!) {
        hiddenDirect: official(id: $hidden) { id }
        ownDirect: official(id: $own) { id sex fullName birthYear }
        locality(code: $code, asOf: "2023-12-31") { positions { official { id sex fullName birthYear } } }
      }`,
      { hidden: String(hidden.id), own: String(own.id), code: hidden.code },
      { token: sonHaEditor },
    );
    // Refused as a row: the request now knows this official is out of scope...
    expect(data.hiddenDirect).toBeNull();
    expect(data.ownDirect.fullName).toEqual(expect.any(String));
    expect(data.ownDirect.sex).toMatch(/FEMALE|MALE/);
    // ...and reached again through a post, after that decision, it stays masked.
    const reached = data.locality.positions
      .map((post: { official: Record<string, unknown> }) => post.official)
      .filter((official: { id: string }) => official.id === String(hidden.id));
    expect(reached.length).toBeGreaterThan(0);
    for (const official of reached) {
      expect(official).toEqual({
        id: String(hidden.id),
        sex: null,
        fullName: null,
        birthYear: null,
      });
    }
  });
});
