/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS imports, as a CommonJS app writes them */
// A CommonJS TypeScript file: the `require` types resolve and keep their strictness.
import sdk = require('@binh-dang/sdk');
import localitiesModule = require('@binh-dang/sdk/localities');

export async function provinceName(url: string): Promise<string | undefined> {
  const api = localitiesModule.localities(sdk.createTransport({ url, retries: 1 }));
  const province = await api.get({ code: '51' });
  // @ts-expect-error year must be a number
  await sdk.createClient({ url }).indicators.attainment({ year: '2023', localityCode: '51' });
  return province?.name;
}
