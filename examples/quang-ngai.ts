/**
 * A first app on the Bình Đẳng SDK: the district-level units of Quảng Ngãi in 2023 and how many
 * of its tracked gender-equality indicators the province met that year.
 *
 *   pnpm start            # in another terminal: the platform with its seeded data
 *   pnpm example          # or: BINH_DANG_URL=https://… pnpm example
 */
import { createClient, GraphQLRequestError, paginate } from '@binh-dang/sdk';

const client = createClient({
  url: process.env.BINH_DANG_URL ?? 'http://localhost:4000/graphql',
  token: process.env.BINH_DANG_TOKEN,
});

// Every query that names a locality answers as of a day, today by default. Since the 2025
// reform the province has communes and no districts, and many codes were reused or abolished:
// the 2023 structure is asked for by its day.
const asOf = '2023-12-31';

try {
  const province = await client.localities.get({ code: '51', asOf });
  console.log(`${province?.name} (${province?.code})`);

  // Walk the list with cursors; one page would do here, but larger lists need this.
  for await (const district of paginate((after) =>
    client.localities.list({
      filter: { parentCode: '51', asOf },
      orderBy: { field: 'CODE' },
      first: 5,
      after,
    }),
  )) {
    console.log(`  ${district.code}  ${district.name}`);
  }

  const attainment = await client.indicators.attainment({ year: 2023, localityCode: '51' });
  const share = ((attainment.metShare ?? 0) * 100).toFixed(1);
  console.log(
    `2023: ${attainment.met} of ${attainment.tracked} tracked indicators met (${share}%)`,
  );
  for (const goal of attainment.goals) {
    console.log(`  ${goal.goal.code} ${goal.goal.nameEn}: ${goal.met}/${goal.tracked}`);
  }
} catch (error) {
  if (error instanceof GraphQLRequestError) {
    console.error(`The API refused the request (${error.code}): ${error.message}`);
  } else {
    console.error(error instanceof Error ? error.message : error);
  }
  process.exitCode = 1;
}
