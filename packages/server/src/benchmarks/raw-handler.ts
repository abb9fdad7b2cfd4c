/**
 * The baseline of the nested-read benchmark: a bare node:http handler that answers the W1 shape
 * (the first N communes in force on `W1_DAY`, their live key posts, each post's official) with one
 * prepared SQL statement that builds the whole JSON answer in PostgreSQL with lateral joins and json_agg. It returns what the
 * platform returns for an ADMIN, in the same order, and does nothing else (no parsing, no
 * validation, no authorization).
 *
 * `DATABASE_URL=… PORT=… node dist/benchmarks/raw-handler.js`; `GET /w1?n=10`.
 */
import http from 'node:http';
import pg from 'pg';
import { loadConfig } from '../config.js';

/**
 * The last day of the 2024 structure: the data set's officials hold posts in its 10,598 communes
 * (the 3,321 communes of 2025 hold none), so W1 reads them as of that day.
 */
export const W1_DAY = '2025-06-30';

export const RAW_W1_SQL = `
select json_build_object('data', json_build_object('localities', json_build_object('nodes',
  coalesce((select json_agg(json_build_object('code', l.code, 'name', l.name, 'positions', p.positions)
                            order by l.code)
              from (select id, code, name from locality
                     where level = 'COMMUNE' and archived_at is null
                       and (valid_from is null or valid_from <= $2::date)
                       and (valid_to is null or valid_to > $2::date)
                     order by code limit $1) l
              cross join lateral (
                select coalesce(json_agg(json_build_object(
                         'title', op.title, 'isKeyLeadership', op.is_key_leadership,
                         'official', json_build_object('id', o.id::text, 'fullName', o.full_name))
                         order by op.start_date desc, op.id), '[]'::json) as positions
                  from official_position op join official o on o.id = op.official_id
                 where op.locality_id = l.id and op.archived_at is null and op.is_key_leadership) p),
           '[]'::json))))::text as body`;

export function startRawHandler(databaseUrl: string, port: number): Promise<http.Server> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://raw');
    const n = Number(url.searchParams.get('n'));
    if (url.pathname !== '/w1' || !Number.isInteger(n) || n < 1 || n > 500) {
      response.writeHead(404).end();
      return;
    }
    pool
      .query<{ body: string }>({ name: 'w1', text: RAW_W1_SQL, values: [n, W1_DAY] })
      .then((result) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        // json_agg without grouping answers exactly one row.
        response.end(result.rows[0]?.body);
      })
      .catch((error: Error) => {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(error.message);
      });
  });
  server.on('close', () => void pool.end());
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

if (process.argv[1]?.endsWith('raw-handler.js')) {
  // The benchmark that starts this process gives it PORT and DATABASE_URL.
  const { port, databaseUrl } = loadConfig();
  await startRawHandler(databaseUrl!, port);
  console.log(`raw handler ready on ${port}`);
  process.on('SIGTERM', () => process.exit(0));
}
