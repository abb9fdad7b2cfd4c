// Proves on every CI run that the test runner can go red: a run with a failing test, and a run
// whose global set-up crashes, must both exit non-zero, and neither may leave PostgreSQL running.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const config = 'vitest.self-check.config.ts';
const crashDataDir = path.join(root, '.data', 'runner-self-check-postgres');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function postgresStillRunning(dataDir) {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return false;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilStopped(dataDir) {
  for (let attempt = 0; attempt < 50 && postgresStillRunning(dataDir); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return !postgresStillRunning(dataDir);
}

const checks = [
  { name: 'a failing test', env: {} },
  {
    name: 'a crashing global set-up',
    env: { SELF_CHECK_CRASH: '1', SELF_CHECK_PG_PORT: String(await freePort()) },
    dataDir: crashDataDir,
  },
];

let broken = 0;
for (const check of checks) {
  const result = spawnSync('npx', ['vitest', 'run', '--config', config], {
    cwd: root,
    env: { ...process.env, ...check.env, TEST_REPORT_FILE: '' },
    encoding: 'utf8',
  });
  const stopped = check.dataDir ? await waitUntilStopped(check.dataDir) : true;
  if (result.status === 0 || result.status === null || !stopped) {
    broken++;
    process.stdout.write(result.stdout + result.stderr);
    console.error(
      `Runner self-check FAILED: ${check.name} ended with status ${result.status}` +
        (stopped ? '' : ' and left its PostgreSQL running'),
    );
  } else {
    console.log(`Runner self-check: ${check.name} makes the run exit ${result.status}`);
  }
}
process.exit(broken > 0 ? 1 : 0);
