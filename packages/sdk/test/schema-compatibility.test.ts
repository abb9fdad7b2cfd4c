import { describe, expect, it } from 'vitest';
import { findBreakingChanges } from '../scripts/schema-compatibility.mjs';

const before = `
  type Query { locality(code: String!): Locality, localities: [Locality!]! }
  type Locality { code: String!, name: String! }
`;

describe('schema compatibility check', () => {
  it('accepts additions', async () => {
    const after = `${before.replace('name: String!', 'name: String!, shortName: String')}`;
    expect((await findBreakingChanges(before, after)).undeclared).toEqual([]);
  });

  it('flags a removed field and a changed argument', async () => {
    const after = `
      type Query { locality(code: Int!): Locality, localities: [Locality!]! }
      type Locality { code: String! }
    `;
    const { undeclared } = await findBreakingChanges(before, after);
    expect(undeclared.map((change) => change.path).sort()).toEqual([
      'Locality.name',
      'Query.locality.code',
    ]);
  });

  it('lets a declared breaking change through', async () => {
    const after = before.replace(', name: String!', '');
    const declared = [{ path: 'Locality.name', reason: 'replaced by fullName in v2' }];
    const result = await findBreakingChanges(before, after, declared);
    expect(result.breaking).toHaveLength(1);
    expect(result.undeclared).toEqual([]);
  });
});
