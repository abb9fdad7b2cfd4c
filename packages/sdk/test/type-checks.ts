/**
 * Compile-time guarantees of the SDK, checked by `pnpm typecheck`: each `@ts-expect-error`
 * must meet an error, so a misuse that started to compile would fail the build.
 */
import { expectTypeOf } from 'vitest';
import { createClient, TypedDocumentString } from '../src/index.js';

const client = createClient({ url: 'http://localhost:4000/graphql' });

export async function wrongVariableTypes() {
  // @ts-expect-error year is an Int
  await client.indicators.attainment({ year: '2023', localityCode: '51' });
  // @ts-expect-error level is an enum
  await client.localities.list({ filter: { level: 'WARD' } });
  // @ts-expect-error groupBy lists OfficialDimension values
  await client.officials.breakdown({ groupBy: ['HEIGHT'] });
  // @ts-expect-error unknown filter field
  await client.localities.list({ filter: { province: '51' } });
}

export async function missingRequiredVariables() {
  // @ts-expect-error localityCode is required
  await client.indicators.attainment({ year: 2023 });
  // @ts-expect-error the variables object itself is required
  await client.indicators.attainment();
  // @ts-expect-error asOf is required
  await client.officials.keyLeaderCoverage({ localityCode: '51', level: 'COMMUNE' });
  // Operations without required variables may omit them.
  await client.agencies.list();
  await client.strategy.get();
}

export async function fieldsOutsideTheSelection() {
  const attainment = await client.indicators.attainment({ year: 2023, localityCode: '51' });
  // @ts-expect-error not in the schema
  void attainment.region;
  const locality = await client.localities.get({ code: '51' });
  // @ts-expect-error nullable: an unknown code gives null
  void locality.name;
  // @ts-expect-error `children` exists in the schema but GetLocality does not select it
  void locality?.children;
  expectTypeOf(attainment.met).toEqualTypeOf<number>();
  expectTypeOf(attainment.metShare).toEqualTypeOf<number | null>();
  expectTypeOf(locality?.level).toEqualTypeOf<'COMMUNE' | 'DISTRICT' | 'PROVINCE' | undefined>();
}

export async function consumerDocuments() {
  const document = new TypedDocumentString<{ locality: { name: string } | null }, { code: string }>(
    'query Own($code: String!) { locality(code: $code) { name } }',
  );
  const data = await client.request(document, { code: '51' });
  expectTypeOf(data.locality).toEqualTypeOf<{ name: string } | null>();
  // @ts-expect-error code must be a string
  await client.request(document, { code: 51 });
  // @ts-expect-error required variables cannot be left out
  await client.request(document);
}

export async function mutationInputs() {
  // @ts-expect-error version is required to update
  await client.officials.update({ id: '1', input: { birthYear: 1980 } });
  // @ts-expect-error sex is an enum
  await client.officials.create({ input: { fullName: 'A', sex: 'F', ethnicity: 'Kinh' } });
  const value = await client.indicators.reportValue({
    input: { indicatorCode: 'MT2.1', localityCode: '51', year: 2024, value: 50 },
  });
  expectTypeOf(value.approvalStatus).toEqualTypeOf<'APPROVED' | 'DRAFT' | 'SUBMITTED'>();
}
