import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestPlatform } from './support/platform.js';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await TestPlatform.start();
});
afterAll(() => platform.stop());

/**
 * Nested lists must cost a fixed number of SQL statements whatever the page size: each level
 * is one windowed query for all parents, each to-one relation one batched look-up.
 */
describe('per-request batching', () => {
  const nested = `query ($districts: Int!, $communes: Int!, $officials: Int!) {
    locality(code: "51", asOf: "2024-02-01") {
      children(first: $districts) {
        totalCount
        nodes {
          code
          parent { code }
          children(first: $communes) {
            totalCount
            nodes {
              code
              ancestors { code }
              officials(first: $officials) {
                totalCount
                nodes { fullName positions { title locality { code } } homeLocality { code } }
              }
              indicatorValues(first: 5) { totalCount nodes { value indicator { code goal { code } } } }
            }
          }
        }
      }
    }
  }`;

  it('runs the same number of statements for small and large pages', async () => {
    const sizes = [
      { districts: 2, communes: 2, officials: 1 },
      { districts: 13, communes: 30, officials: 20 },
    ];
    const counts: number[] = [];
    const rows: number[] = [];
    for (const variables of sizes) {
      let officialCount = 0;
      counts.push(
        await platform.countStatements(async () => {
          const data = await platform.data(nested, variables);
          for (const district of data.locality.children.nodes) {
            for (const commune of district.children.nodes)
              officialCount += commune.officials.nodes.length;
          }
        }),
      );
      rows.push(officialCount);
    }
    // The larger query really returned far more rows...
    expect(rows[1]).toBeGreaterThan(rows[0] * 20);
    // ...for exactly as many statements, and few of them.
    expect(counts[1]).toBe(counts[0]);
    expect(counts[0]).toBeLessThanOrEqual(10);
  });

  it('batches the relations of a root list: at most one statement per relation, at any size', async () => {
    const query = `query ($first: Int!) {
      officials(first: $first, filter: { within: "51" }) {
        nodes { homeLocality { code parent { code } } positions { agency { code } locality { code } } enrollments { program { code } } }
      }
    }`;
    // The list, positions, home localities, their parents, post localities, agencies,
    // enrolments and programs: eight relations, so never more than eight statements.
    const relations = 8;
    for (const first of [3, 100, 400]) {
      const statements = await platform.countStatements(() => platform.data(query, { first }));
      expect(statements).toBeLessThanOrEqual(relations);
    }
  });

  it('reads communes, their key posts and the holders in the same statements for any number of communes', async () => {
    const query = `query ($n: Int!) { localities(filter: { level: COMMUNE, within: "51", asOf: "2024-02-01" }, first: $n) { nodes { code name
      positions(filter: { keyLeadership: true }) { title isKeyLeadership official { id fullName } } } } }`;
    // The same read through the resolvers: a directive takes it out of the one-statement subset.
    const resolved = query.replace('nodes {', 'nodes @include(if: true) {');
    const read = async (document: string) => {
      const counts: number[] = [];
      const posts: number[] = [];
      for (const n of [2, 40, 170]) {
        counts.push(
          await platform.countStatements(async () => {
            const data = await platform.data(document, { n });
            posts.push(
              data.localities.nodes.reduce(
                (sum: number, node: { positions: { official: { fullName: string } }[] }) => {
                  for (const post of node.positions) expect(post.official.fullName).toBeTruthy();
                  return sum + node.positions.length;
                },
                0,
              ),
            );
          }),
        );
      }
      expect(posts[0]).toBeGreaterThan(0);
      expect(posts[2]).toBeGreaterThan(posts[0] * 20);
      return counts;
    };
    // One statement builds the whole answer (modules/locality/nested-read.ts)...
    expect(await read(query)).toEqual([1, 1, 1]);
    // ...and the resolvers read the page, the posts of all its communes, the holders of all those posts.
    expect(await read(resolved)).toEqual([3, 3, 3]);
  });

  it('reads the holders of posts ahead only when the selection asks for them', async () => {
    const posts = (holder: string) =>
      platform.countStatements(() =>
        platform.data(
          `{ locality(code: "529", asOf: "2024-02-01") { positions { title ${holder} } } }`,
        ),
      );
    const without = await posts('');
    expect(await posts('official { id fullName }')).toBe(without + 1);
    expect(await posts('... on Position { official { id } }')).toBe(without + 1);
  });
});
