import fs from 'node:fs';

/** The privileges the running platform needs, as operators apply them (README, Scaling out). */
const GRANTS_FILE = new URL('../../sql/application-role.sql', import.meta.url);

/**
 * The statements of `sql/application-role.sql` for a role and a database named otherwise than
 * the file's `binh_dang_app` and `binh_dang`, to run as the schema's owner on that database: what
 * tests and benchmarks grant is exactly what operators are told to grant.
 */
export function applicationRoleGrants(role: string, database: string): string {
  const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
  return fs
    .readFileSync(GRANTS_FILE, 'utf8')
    .replaceAll('binh_dang_app', quoted(role))
    .replaceAll('database binh_dang ', `database ${quoted(database)} `);
}
