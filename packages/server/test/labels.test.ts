import { getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestPlatform } from './support/platform.js';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await TestPlatform.start();
});
afterAll(() => platform.stop());

const LABELS = `query ($lang: Language!) { labels(lang: $lang) { name values { value label } } }`;

interface Labels {
  labels: { name: string; values: { value: string; label: string }[] }[];
}

function byEnum(labels: Labels['labels']): Record<string, Record<string, string>> {
  return Object.fromEntries(
    labels.map(({ name, values }) => [
      name,
      Object.fromEntries(values.map(({ value, label }) => [value, label])),
    ]),
  );
}

describe('enum labels in Vietnamese and English', () => {
  it('labels levels, sexes and approval statuses in Vietnamese', async () => {
    const { labels } = await platform.data<Labels>(LABELS, { lang: 'VI' }, { token: '' });
    const vi = byEnum(labels);
    expect(vi.LocalityLevel).toEqual({
      PROVINCE: 'Tỉnh/Thành phố',
      DISTRICT: 'Huyện',
      COMMUNE: 'Xã',
    });
    expect(vi.Sex).toEqual({ FEMALE: 'Nữ', MALE: 'Nam' });
    expect(vi.ApprovalStatus).toEqual({
      DRAFT: 'Bản nháp',
      SUBMITTED: 'Đã gửi',
      APPROVED: 'Đã phê duyệt',
    });
    expect(vi.LocalityType.RURAL_DISTRICT).toBe('Huyện');
    expect(vi.OrganisationKind.PEOPLES_COMMITTEE).toBe('Ủy ban nhân dân');
  });

  it('labels the same values in English', async () => {
    const { labels } = await platform.data<Labels>(LABELS, { lang: 'EN' }, { token: '' });
    const en = byEnum(labels);
    expect(en.Sex).toEqual({ FEMALE: 'Female', MALE: 'Male' });
    expect(en.LocalityLevel.COMMUNE).toBe('Commune');
    expect(en.ApprovalStatus.APPROVED).toBe('Approved');
  });

  it('gives every value of every labelled enum a label', async () => {
    const { __schema } = await platform.data<IntrospectionQuery>(getIntrospectionQuery());
    const enums = new Map(
      __schema.types
        .filter((type) => type.kind === 'ENUM')
        .map((type) => [type.name, type.enumValues.map(({ name }) => name)]),
    );
    for (const lang of ['VI', 'EN']) {
      const { labels } = await platform.data<Labels>(LABELS, { lang });
      for (const { name, values } of labels) {
        expect(enums.has(name), name).toBe(true);
        expect(values.map(({ value }) => value).sort(), name).toEqual([...enums.get(name)!].sort());
        for (const { value, label } of values)
          expect(label.trim(), `${name}.${value}`).not.toBe('');
      }
    }
  });

  it('refuses an unknown or missing language', async () => {
    for (const variables of [{ lang: 'FR' }, { lang: 'vi' }, {}, { lang: null }]) {
      const result = await platform.query(LABELS, variables, { token: '' });
      expect(result.errors?.length, JSON.stringify(variables)).toBeGreaterThan(0);
      expect(result.data?.labels).toBeUndefined();
    }
  });
});
