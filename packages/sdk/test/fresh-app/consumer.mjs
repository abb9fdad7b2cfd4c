// An ESM app: the whole client, one module on its own, paging both ways, persisted-query GETs.
import { createClient, createTransport, NetworkError, paginate } from '@binh-dang/sdk';
import { indicators } from '@binh-dang/sdk/indicators';

const url = process.env.BINH_DANG_URL;
const methods = [];
const client = createClient({
  url,
  persistedQueries: true,
  hooks: { onRequest: (info) => methods.push(`${info.method} ${info.operationName}`) },
});
// The 2023 structure: since the 2025 reform the province has no districts.
const asOf = '2023-12-31';
const districts = await client.localities.list({ filter: { parentCode: '51', asOf }, first: 50 });
const lastThree = [];
for await (const district of paginate(
  (before) => client.localities.list({ filter: { parentCode: '51', asOf }, last: 2, before }),
  { direction: 'backward', limit: 3 },
)) {
  lastThree.push(district.code);
}
const attainment = await indicators(createTransport({ url })).attainment({
  year: 2023,
  localityCode: '51',
});
await client.localities.list({ filter: { parentCode: '51', asOf }, first: 50 });
let network;
try {
  await createClient({ url: process.env.CLOSED_URL, retries: 0 }).localities.get({ code: '51' });
} catch (error) {
  network = {
    isNetworkError: error instanceof NetworkError,
    message: error.message,
    requestId: error.requestId,
  };
}
console.log(
  JSON.stringify({
    districts: districts.nodes.length,
    forward: districts.nodes.map((district) => district.code),
    totalCount: districts.totalCount,
    lastThree,
    met: attainment.met,
    tracked: attainment.tracked,
    methods,
    network,
  }),
);
