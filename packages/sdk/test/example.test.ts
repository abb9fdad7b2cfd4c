import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestPlatform } from '../../server/test/support/platform.js';

const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, '../../..');

let platform: TestPlatform;
beforeAll(async () => {
  platform = await TestPlatform.start();
});
afterAll(() => platform.stop());

describe('the README example app', () => {
  it('lists the districts of Quảng Ngãi and prints the 2023 attainment', async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', path.join(repo, 'examples/quang-ngai.ts')],
      { cwd: repo, env: { ...process.env, BINH_DANG_URL: platform.url } },
    );
    expect(stdout).toContain('Tỉnh Quảng Ngãi (51)');
    expect(stdout).toContain('536  Huyện Lý Sơn');
    expect(stdout.match(/^ {2}\d{3} {2}/gm)).toHaveLength(13);
    expect(stdout).toContain('2023: 16 of 19 tracked indicators met (84.2%)');
  });
});
