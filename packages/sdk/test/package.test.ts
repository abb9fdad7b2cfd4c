/**
 * The SDK as an outside team gets it: the packages are packed, installed from the tarballs
 * into a fresh app outside the workspace, and used from ESM, CommonJS, strict TypeScript, the
 * README's codegen recipe, a browser bundle and a page on another origin in headless Chromium.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, whyNoChromium } from '../../server/test/support/chromium.js';
import { signToken, testConfig, TestPlatform } from '../../server/test/support/platform.js';

const run = promisify(execFile);
const sdkDir = path.resolve(import.meta.dirname, '..');
const schemaDir = path.resolve(sdkDir, '../schema');
const fixture = path.join(sdkDir, 'test/fresh-app');

/** The app's other dependencies, pinned. */
const APP_DEPENDENCIES = {
  '@graphql-codegen/cli': '7.4.3',
  '@graphql-codegen/client-preset': '6.2.0',
  '@types/node': '20.19.43',
  esbuild: '0.28.2',
  graphql: '16.15.0',
  typescript: '5.9.3',
};

const chromiumMissing = whyNoChromium('the cross-origin browser test');

let app: string;
let platform: TestPlatform;
let page: { origin: string; close(): Promise<void> };
let tarballs: string[];
const env = () => ({ ...process.env, BINH_DANG_URL: platform.url });

/** Serves the page and its bundled script, nothing from any other host. */
async function servePage(root: string) {
  const files: Record<string, [string, string]> = {
    '/': ['index.html', 'text/html; charset=utf-8'],
    '/app.js': ['app.js', 'text/javascript; charset=utf-8'],
  };
  const server = http.createServer((request, response) => {
    const file = files[new URL(request.url ?? '/', 'http://localhost').pathname];
    if (!file) return void response.writeHead(404).end();
    response
      .writeHead(200, { 'content-type': file[1] })
      .end(fs.readFileSync(path.join(root, file[0])));
  });
  // Every interface, so that the page is reachable as localhost and as 127.0.0.1 (two origins).
  await new Promise<void>((resolve) => server.listen(0, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://localhost:${port}`,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

beforeAll(async () => {
  const packs = fs.mkdtempSync(path.join(os.tmpdir(), 'binh-dang-packs-'));
  app = fs.mkdtempSync(path.join(os.tmpdir(), 'binh-dang-app-'));
  for (const dir of [sdkDir, schemaDir]) {
    await run('npx', ['-y', 'pnpm@10.34.9', 'pack', '--pack-destination', packs], { cwd: dir });
  }
  tarballs = fs.readdirSync(packs).map((name) => path.join(packs, name));
  fs.cpSync(fixture, app, { recursive: true });
  const dependencies: Record<string, string> = { ...APP_DEPENDENCIES };
  for (const tarball of tarballs) {
    const name = path.basename(tarball).startsWith('binh-dang-sdk')
      ? '@binh-dang/sdk'
      : '@binh-dang/schema';
    dependencies[name] = `file:${tarball}`;
  }
  fs.writeFileSync(
    path.join(app, 'package.json'),
    JSON.stringify({ name: 'fresh-app', private: true, type: 'module', dependencies }, null, 2),
  );
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: app,
    timeout: 240_000,
  });

  const pageServer = await servePage(app);
  page = pageServer;
  platform = await TestPlatform.start(
    undefined,
    testConfig({ cors: { origins: [pageServer.origin], credentials: false } }),
  );
}, 300_000);
afterAll(async () => {
  await page?.close();
  await platform?.stop();
});

describe('the packed SDK in a fresh app', () => {
  it('ships dist, types, the schema, README, licence and changelog, and no workspace links', () => {
    const sdkTarball = tarballs.find((file) => path.basename(file).includes('sdk'))!;
    const listing = execFileSync('tar', ['-tzf', sdkTarball], { encoding: 'utf8' }).split('\n');
    for (const file of [
      'package/dist/esm/index.js',
      'package/dist/esm/index.d.ts',
      'package/dist/cjs/index.js',
      'package/dist/cjs/index.d.ts',
      'package/dist/cjs/package.json',
      'package/dist/esm/generated/modules/indicators.js',
      'package/schema.graphql',
      'package/README.md',
      'package/LICENSE',
      'package/CHANGELOG.md',
    ]) {
      expect(listing, file).toContain(file);
    }
    const installed = path.join(app, 'node_modules/@binh-dang/sdk');
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'));
    expect(manifest.private).toBeUndefined();
    expect(JSON.stringify(manifest)).not.toContain('workspace:');
    expect(fs.readFileSync(path.join(installed, 'schema.graphql'), 'utf8')).toBe(
      fs.readFileSync(path.join(schemaDir, 'schema.graphql'), 'utf8'),
    );
    // Every source map points at a source file the package ships.
    for (const map of listing.filter((file) => file.endsWith('.js.map'))) {
      const mapPath = path.join(installed, map.replace(/^package\//, ''));
      for (const source of JSON.parse(fs.readFileSync(mapPath, 'utf8')).sources as string[]) {
        expect(
          fs.existsSync(path.resolve(path.dirname(mapPath), source)),
          `${map} → ${source}`,
        ).toBe(true);
      }
    }
  });

  it('works from an ESM app: lists, paging backwards with a limit, persisted GETs, network errors', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const { stdout } = await run(process.execPath, ['consumer.mjs'], {
      cwd: app,
      env: { ...env(), CLOSED_URL: `http://127.0.0.1:${closedPort}/graphql` },
    });
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ districts: 13, totalCount: 13, met: 16, tracked: 19 });
    // The last three districts, from the end of the list.
    expect(result.lastThree).toEqual(result.forward.slice(-3).reverse());
    // First sight of a query: the hash alone (GET), then its text once (POST); then GET only.
    expect(result.methods.slice(0, 2)).toEqual(['GET ListLocalities', 'POST ListLocalities']);
    expect(result.methods.at(-1)).toBe('GET ListLocalities');
    expect(result.network.isNetworkError).toBe(true);
    expect(result.network.message).toContain(
      `connection refused (ECONNREFUSED 127.0.0.1:${closedPort})`,
    );
    expect(result.network.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('works from a CommonJS app, and its errors carry the request id', async () => {
    const { stdout } = await run(process.execPath, ['consumer.cjs'], { cwd: app, env: env() });
    expect(JSON.parse(stdout)).toEqual({
      province: 'Tỉnh Quảng Ngãi',
      refused: true,
      field: 'first',
      requestId: 'cjs-consumer-1',
    });
  });

  it('runs the README codegen recipe and type-checks strictly, ESM and CommonJS', async () => {
    await run('npx', ['graphql-codegen', '--config', 'codegen.ts'], { cwd: app });
    expect(fs.readFileSync(path.join(app, 'src/gql/graphql.ts'), 'utf8')).toContain(
      'validFrom: string | null',
    );
    const tsc = await run('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: app }).catch(
      (error: { stdout: string }) => error,
    );
    expect(tsc.stdout).toBe('');
    // Tasks are for signed-in callers: the app authenticates as an analyst.
    const token = await signToken({ role: 'ANALYST', sub: 'fresh-app' });
    const { stdout } = await run(process.execPath, ['out/own-operation.js'], {
      cwd: app,
      env: { ...env(), BINH_DANG_TOKEN: token },
    });
    const result = JSON.parse(stdout);
    expect(result.communes).toBeGreaterThan(0);
    // Date arrives as the ISO calendar date the type says it is.
    expect(result.dueDate).toBe('2024-09-30');
  }, 240_000);

  it('bundles small for browsers: one module, no graphql-js, no other modules’ operations', async () => {
    const { build } = (await import(
      path.join(app, 'node_modules/esbuild/lib/main.js')
    )) as typeof import('esbuild');
    const bundle = async (entry: string) => {
      const result = await build({
        stdin: { contents: entry, resolveDir: app, loader: 'js' },
        bundle: true,
        minify: true,
        format: 'esm',
        platform: 'browser',
        write: false,
      });
      return result.outputFiles[0]!.text;
    };
    const oneModule = await bundle(fs.readFileSync(path.join(app, 'browser-app.js'), 'utf8'));
    const wholeClient = await bundle(
      "import { createClient } from '@binh-dang/sdk'; console.log(createClient({ url: '/graphql' }));",
    );
    const gzipped = (code: string) => (gzipSync(code).length / 1024).toFixed(1);
    console.log(
      `Browser bundle, minified and gzipped: one module (indicators) ${gzipped(oneModule)} KiB; the whole client ${gzipped(wholeClient)} KiB`,
    );
    fs.writeFileSync(path.join(app, 'app.js'), oneModule);
    expect(oneModule).toContain('GetIndicatorAttainment');
    expect(oneModule).not.toContain('mutation CreateOfficial');
    expect(oneModule).not.toContain('ListLocalities');
    expect(wholeClient).toContain('mutation CreateOfficial');
    // graphql-js would bring its parser and printer, with their messages.
    for (const code of [oneModule, wholeClient])
      expect(code).not.toMatch(/Syntax Error|GraphQLError/);
    expect(gzipSync(oneModule).length).toBeLessThan(8 * 1024);
  });

  it.skipIf(chromiumMissing !== null)(
    'serves a page on another origin that calls the platform in headless Chromium',
    async () => {
      if (!fs.existsSync(path.join(app, 'app.js'))) throw new Error('the bundle test runs first');
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
      try {
        const context = await browser.newContext();
        const outside: string[] = [];
        await context.route('**/*', (route) => {
          const { hostname } = new URL(route.request().url());
          if (hostname === 'localhost' || hostname === '127.0.0.1') return route.continue();
          outside.push(route.request().url());
          return route.abort();
        });
        const tab = await context.newPage();
        await tab.goto(`${page.origin}/?api=${encodeURIComponent(platform.url)}`);
        const result = tab.locator('#result:not([data-state="loading"])');
        await result.waitFor({ timeout: 15_000 });
        expect(await result.getAttribute('data-state')).toBe('done');
        expect(await result.textContent()).toBe('Tỉnh Quảng Ngãi: 16 of 19 indicators met in 2023');
        // The same page served from an origin the platform does not allow is refused by CORS.
        const port = new URL(page.origin).port;
        await tab.goto(`http://127.0.0.1:${port}/?api=${encodeURIComponent(platform.url)}`);
        await result.waitFor({ timeout: 15_000 });
        expect(await result.getAttribute('data-state')).toBe('failed');
        expect(await result.textContent()).toMatch(/^NetworkError: .*CORS/);
        expect(outside).toEqual([]);
      } finally {
        await browser.close();
      }
    },
  );
});
