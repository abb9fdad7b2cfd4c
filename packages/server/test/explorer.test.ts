/**
 * The self-hosted explorer: where it is served, when it is on, who may introspect, and a real
 * browser that may reach nothing outside the platform.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, whyNoChromium } from './support/chromium.js';
import { loadConfig } from '../src/config.js';
import { EXPLORER_DIRECTORY } from '../src/modules/explorer/explorer.js';
import { signToken, testConfig, TestPlatform } from './support/platform.js';

const SERVER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const chromiumMissing = whyNoChromium("the explorer's browser test");

const INTROSPECTION = '{ __schema { queryType { name } } }';

let development: TestPlatform;
let production: TestPlatform;
let productionWithExplorer: TestPlatform;
let analystToken: string;
beforeAll(async () => {
  // The same build `pnpm build` runs, so the test sees the files a deployment serves.
  execFileSync('node', [path.join(SERVER, 'scripts', 'build-explorer.mjs')], { stdio: 'ignore' });
  const productionConfig = { production: true, introspection: false, landingPage: false };
  [development, production, productionWithExplorer] = await Promise.all([
    TestPlatform.start(undefined, testConfig()),
    TestPlatform.start(undefined, testConfig({ ...productionConfig, explorer: false })),
    TestPlatform.start(undefined, testConfig({ ...productionConfig, explorer: true })),
  ]);
  analystToken = await signToken({ role: 'ANALYST', sub: 'analyst' });
}, 60_000);
afterAll(() =>
  Promise.all([development?.stop(), production?.stop(), productionWithExplorer?.stop()]),
);

function origin(platform: TestPlatform): string {
  return new URL(platform.url).origin;
}

describe('the explorer', () => {
  it('is built into static files with nothing fetched from elsewhere', () => {
    const files = fs.readdirSync(EXPLORER_DIRECTORY).sort();
    expect(files).toEqual(expect.arrayContaining(['explorer.css', 'explorer.js', 'index.html']));
    const page = fs.readFileSync(path.join(EXPLORER_DIRECTORY, 'index.html'), 'utf8');
    expect(page).not.toMatch(/https?:\/\//);
    const css = fs.readFileSync(path.join(EXPLORER_DIRECTORY, 'explorer.css'), 'utf8');
    // Fonts are inside the stylesheet, not on a font service.
    expect(css).toMatch(/url\(data:font\/woff2/);
    expect(css).not.toMatch(/url\(["']?https?:/);
    expect(css).not.toMatch(/@import/);
  });

  it('is served at /explorer and at /graphql to a browser, with a policy that keeps it local', async () => {
    for (const address of [`${origin(development)}/explorer`, development.url]) {
      const response = await fetch(address, { headers: { accept: 'text/html,*/*;q=0.8' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('content-security-policy')).toContain("connect-src 'self'");
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(await response.text()).toContain('/explorer/explorer.js');
    }
    const script = await fetch(`${origin(development)}/explorer/explorer.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
  });

  it('leaves API clients of /graphql to GraphQL', async () => {
    const json = await fetch(`${development.url}?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/json', 'apollo-require-preflight': 'true' },
    });
    expect(await json.json()).toEqual({ data: { __typename: 'Query' } });
    const post = await development.query('{ locality(code: "51") { name } }', undefined, {
      token: '',
    });
    expect(post.data).toEqual({ locality: { name: 'Tỉnh Quảng Ngãi' } });
  });

  it("lets an explorer read the whole schema, within the depth limit's intent", async () => {
    // GraphiQL's introspection nests `ofType` seven deep; that unwrapping does not count as depth.
    const full = await development.query(getIntrospectionQuery(), undefined, { token: '' });
    expect(full.errors).toBeUndefined();
    expect(full.data?.__schema.queryType.name).toBe('Query');
    // Introspection that fans out level after level is still too deep.
    const fanOut = `{ __schema { types { fields { type { fields { type { fields { type { fields { type { fields { name } } } } } } } } } } } }`;
    const refused = await development.query(fanOut, undefined, { token: '' });
    expect(refused.errors?.[0].extensions?.code).toBe('QUERY_TOO_DEEP');
  });

  it('serves nothing outside its own files', async () => {
    for (const address of [
      '/explorer/%2e%2e/%2e%2e/src/config.ts',
      '/explorer/..%2f..%2fpackage.json',
      '/explorer/%2e%2e%2f%2e%2e%2f%2e%2e%2fpackage.json',
    ]) {
      const response = await fetch(`${origin(development)}${address}`);
      expect(response.status, address).not.toBe(200);
    }
  });

  it('is off in production unless GRAPHQL_EXPLORER turns it on', async () => {
    // Production needs the record key secret of perturbed tables (disclosure.test.ts).
    const secret = { CELL_KEY_SECRET: 'c'.repeat(32) };
    expect(loadConfig({ NODE_ENV: 'production', ...secret }).explorer).toBe(false);
    expect(loadConfig({}).explorer).toBe(true);
    expect(
      loadConfig({ NODE_ENV: 'production', GRAPHQL_EXPLORER: 'true', ...secret }),
    ).toMatchObject({
      explorer: true,
      introspection: false,
    });
    expect(() => loadConfig({ GRAPHQL_EXPLORER: 'yes please' })).toThrow(/GRAPHQL_EXPLORER/);
    const page = await fetch(`${origin(production)}/explorer`, {
      headers: { accept: 'text/html' },
    });
    expect(page.status).toBe(404);
    const browser = await fetch(production.url, { headers: { accept: 'text/html' } });
    expect(await browser.text()).not.toContain('/explorer/explorer.js');
    expect((await production.query(INTROSPECTION)).errors?.[0].message).toMatch(/introspection/i);
  });

  it('answers introspection in production only to callers with a role', async () => {
    const page = await fetch(`${origin(productionWithExplorer)}/explorer`);
    expect(page.status).toBe(200);
    const analyst = await productionWithExplorer.query(INTROSPECTION, undefined, {
      token: analystToken,
    });
    expect(analyst.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    // Anonymous callers are refused however the introspection is dressed up.
    for (const query of [
      INTROSPECTION,
      '{ __type(name: "Official") { fields { name } } }',
      'query { ...F } fragment F on Query { __schema { types { name } } }',
      '{ locality(code: "51") { name } a: __schema { types { name } } }',
    ]) {
      const anonymous = await productionWithExplorer.query(query, undefined, { token: '' });
      expect(anonymous.data, query).toBeUndefined();
      expect(anonymous.errors?.[0].message, query).toMatch(/introspection/i);
    }
    // A bad credential is no way round it.
    const forged = await productionWithExplorer.query(INTROSPECTION, undefined, {
      token: await signToken({ role: 'ADMIN' }, 'another-secret-of-at-least-thirty-two-chars'),
    });
    expect(forged.data?.__schema).toBeUndefined();
    // Ordinary anonymous questions still work.
    const plain = await productionWithExplorer.query(
      '{ locality(code: "51") { name } }',
      undefined,
      {
        token: '',
      },
    );
    expect(plain.data).toEqual({ locality: { name: 'Tỉnh Quảng Ngãi' } });
  });

  it.skipIf(chromiumMissing !== null)(
    'runs a typed query in headless Chromium with every outside request blocked',
    async () => {
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
        const failures: string[] = [];
        const problems: string[] = [];
        context.on('weberror', (error) => problems.push(error.error().message));
        context.on('requestfailed', (request) => failures.push(request.url()));
        const tab = await context.newPage();
        await tab.goto(`${origin(development)}/explorer`);
        tab.on('console', (message) => {
          if (message.type() === 'error') problems.push(message.text());
        });
        await tab.locator('.graphiql-container').waitFor({ timeout: 20_000 });

        // The README's dashboard queries are open in tabs.
        await expect.poll(() => tab.locator('.graphiql-tab').count()).toBe(6);
        const editor = tab.locator('.graphiql-query-editor .CodeMirror');
        expect(await editor.textContent()).toContain('indicatorAttainment');

        // A new tab, with completion from the schema.
        await tab.getByRole('button', { name: 'New tab' }).click();
        await expect.poll(() => tab.locator('.graphiql-tab').count()).toBe(7);
        await editor.click();
        await tab.keyboard.press('Control+A');
        await tab.keyboard.press('Delete');
        await tab.keyboard.type('{ localit');
        await tab.locator('.CodeMirror-hint', { hasText: 'locality' }).first().waitFor();
        await tab.keyboard.press('Escape');

        // Type a query, run it, read the answer from the page.
        await tab.keyboard.press('Control+A');
        await tab.keyboard.press('Delete');
        await tab.keyboard.type('query Province { locality(code: "51") { name } }');
        // The tab takes the operation's name once the editor has read it.
        await expect
          .poll(() => tab.locator('.graphiql-tab-active').textContent())
          .toMatch(/^Province/);
        await tab.locator('.graphiql-execute-button').click();
        const response = tab.locator('.graphiql-response .CodeMirror-line');
        // CodeMirror draws spaces as no-break spaces.
        const answer = async () =>
          (await response.allTextContents()).join('\n').replace(/\u00a0/g, ' ');
        await expect.poll(answer, { timeout: 15_000 }).toContain('Tỉnh Quảng Ngãi');
        expect(JSON.parse(await answer())).toEqual({
          data: { locality: { name: 'Tỉnh Quảng Ngãi' } },
        });

        // The address is a share link: opened elsewhere, it shows the same query.
        const shared = new URL(tab.url());
        expect(shared.searchParams.get('query')).toContain('locality(code: "51")');
        const other = await context.newPage();
        await other.goto(shared.toString());
        await other.locator('.graphiql-container').waitFor();
        await expect
          .poll(() => other.locator('.graphiql-query-editor .CodeMirror').textContent())
          .toContain('locality(code: "51")');

        // The schema's documentation.
        await tab.getByRole('button', { name: /documentation explorer/i }).click();
        await tab
          .locator('.graphiql-doc-explorer')
          .getByText('Query', { exact: true })
          .first()
          .waitFor();

        expect(outside).toEqual([]);
        expect(failures).toEqual([]);
        expect(problems).toEqual([]);
      } finally {
        await browser.close();
      }
    },
    90_000,
  );
});
