import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root: the embedded database keeps its files under `<root>/.data`. */
export const repositoryRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../..',
);

export interface PlatformConfig {
  port: number;
  /** An operator's PostgreSQL; when absent the platform runs its own embedded server. */
  databaseUrl?: string;
  embedded: { dataDir: string; port: number };
}

function readPort(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${name} must be a TCP port number (1-65535), got "${raw}"`);
  }
  return port;
}

export function loadConfig(): PlatformConfig {
  return {
    port: readPort('PORT', 4000),
    databaseUrl: process.env.DATABASE_URL || undefined,
    embedded: {
      dataDir: process.env.EMBEDDED_PG_DIR || path.join(repositoryRoot, '.data', 'postgres'),
      port: readPort('EMBEDDED_PG_PORT', 54329),
    },
  };
}
