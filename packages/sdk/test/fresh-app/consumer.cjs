/* global require, process, console */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS app */
// A CommonJS app: require() of the package and of a module subpath.
const { createClient, GraphQLRequestError } = require('@binh-dang/sdk');
const { localities } = require('@binh-dang/sdk/localities');
const { createTransport } = require('@binh-dang/sdk');

async function main() {
  const url = process.env.BINH_DANG_URL;
  const province = await localities(createTransport({ url })).get({ code: '51' });
  const refused = await createClient({ url })
    .localities.list({ first: 1000 }, { requestId: 'cjs-consumer-1' })
    .catch((error) => error);
  console.log(
    JSON.stringify({
      province: province.name,
      refused: refused instanceof GraphQLRequestError,
      field: refused.errors[0].field,
      requestId: refused.requestId,
    }),
  );
}
main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
