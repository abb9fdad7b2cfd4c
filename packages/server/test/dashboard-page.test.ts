/**
 * The public dashboard: served at /dashboard from static files, and read in a real browser that
 * may reach nothing outside the platform, as an anonymous visitor would see it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_DIRECTORY } from '../src/modules/dashboard/page.js';
import { CHROMIUM, CHROMIUM_ARGS, whyNoChromium } from './support/chromium.js';
import { TestPlatform } from './support/platform.js';

const DASHBOARD = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dashboard');
const chromiumMissing = whyNoChromium("the dashboard's browser tests");
const AXE_SOURCE = fs.readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

let platform: TestPlatform;
let origin: string;
beforeAll(async () => {
  // The same build `pnpm build` runs, so the tests see the files a deployment serves.
  execFileSync(process.execPath, [path.join(DASHBOARD, 'node_modules/vite/bin/vite.js'), 'build'], {
    cwd: DASHBOARD,
    stdio: 'ignore',
  });
  platform = await TestPlatform.start();
  origin = new URL(platform.url).origin;
}, 120_000);
afterAll(() => platform?.stop());

interface GraphQLCall {
  operationName: string;
  variables: Record<string, unknown>;
}

/** A browser context that refuses every address outside this machine and records what the page asked. */
async function openContext(): Promise<{
  context: BrowserContext;
  outside: string[];
  problems: string[];
  calls: GraphQLCall[];
  close: () => Promise<void>;
}> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const outside: string[] = [];
  const problems: string[] = [];
  const calls: GraphQLCall[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname !== 'localhost' && url.hostname !== '127.0.0.1') {
      outside.push(url.toString());
      return route.abort();
    }
    if (url.pathname === '/graphql') {
      const body = route.request().postDataJSON() as GraphQLCall | null;
      calls.push(
        body ?? {
          operationName: url.searchParams.get('operationName') ?? '',
          variables: JSON.parse(url.searchParams.get('variables') ?? '{}'),
        },
      );
    }
    return route.continue();
  });
  context.on('weberror', (error) => problems.push(error.error().message));
  return { context, outside, problems, calls, close: () => browser.close() };
}

function watchConsole(page: Page, problems: string[]): void {
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
}

/** Serious and critical accessibility violations axe-core finds on the page as it stands. */
async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the debugging protocol, so the page's script policy does not stop it.
  await page.evaluate(AXE_SOURCE);
  // Run in the page, given as text: this file is compiled without the browser's types.
  const violations = (await page.evaluate(`axe.run(document).then((result) =>
    result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      nodes: violation.nodes.map((node) => node.target.join(' ')),
    })),
  )`)) as { id: string; impact: string; nodes: string[] }[];
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.nodes.slice(0, 3).join(', ')}`,
    );
}

describe('the dashboard', () => {
  it('is served at /dashboard from its own files, with nothing fetched from elsewhere', async () => {
    const page = await fetch(`${origin}/dashboard`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);
    const script = html.match(/src="(\/dashboard\/assets\/[^"]+\.js)"/)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${origin}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);
    expect(asset.headers.get('cache-control')).toMatch(/immutable/);
    expect(
      fs
        .readdirSync(path.join(DASHBOARD_DIRECTORY, 'assets'))
        .some((file) => file.endsWith('.css')),
    ).toBe(true);
    for (const address of [
      // (fetch resolves %2e%2e itself; encoded slashes reach the server as they are)
      '/dashboard/assets/..%2f..%2f..%2fsrc%2fconfig.ts',
      '/dashboard/assets/..%2f..%2f..%2f..%2f..%2fpackage.json',
      '/dashboard/..%2f..%2fpackage.json',
    ]) {
      expect((await fetch(`${origin}${address}`)).status, address).not.toBe(200);
    }
  });

  it.skipIf(chromiumMissing !== null)(
    "shows Quảng Ngãi's published 2023 figures, a district, English and an A4 print view",
    async () => {
      const { context, outside, problems, calls, close } = await openContext();
      try {
        const tab = await context.newPage();
        watchConsole(tab, problems);
        await tab.goto(`${origin}/dashboard/?locality=51&year=2023`);
        const attainment = tab.getByTestId('attainment-summary');
        await expect
          .poll(() => attainment.textContent(), { timeout: 20_000 })
          .toBe('16 trên 19 chỉ tiêu đạt');
        expect(await tab.getByTestId('coverage-district').textContent()).toMatch(
          /^9 trên 13 chính quyền cấp huyện có lãnh đạo chủ chốt là nữ/,
        );
        expect(await tab.getByTestId('coverage-commune').textContent()).toMatch(
          /^105 trên 173 chính quyền cấp xã có lãnh đạo chủ chốt là nữ/,
        );
        expect(await tab.locator('html').getAttribute('lang')).toBe('vi');
        // The figures are also in tables; an unverified indicator's wording is marked.
        expect(await tab.getByTestId('leaders-table').locator('tbody tr').count()).toBe(13);
        expect(await tab.getByTestId('indicators-table').locator('tbody tr').count()).toBe(19);
        expect(
          await tab
            .getByTestId('indicators-table')
            .locator('tr', { hasText: 'MT1.2' })
            .locator('.unverified')
            .count(),
        ).toBe(1);
        // An anonymous visitor sees perturbed figures, and is told so.
        expect(await tab.locator('#officials [data-testid="disclosure"]').textContent()).toMatch(
          /làm nhiễu/,
        );
        expect(await tab.locator('figure.chart svg[role="img"]').count()).toBeGreaterThanOrEqual(4);

        // Every question names the year's units (31 December), never "today's".
        const structural = calls.filter((call) =>
          ['GetLocality', 'ListLocalities', 'GetKeyLeaderCoverage', 'GetIndicatorSeries'].includes(
            call.operationName,
          ),
        );
        expect(structural.length).toBeGreaterThanOrEqual(4);
        expect(structural.map((call) => call.operationName)).toContain('GetIndicatorSeries');
        for (const call of structural) {
          const asOf = call.variables.asOf ?? (call.variables.filter as { asOf?: string })?.asOf;
          expect(asOf, call.operationName).toBe('2023-12-31');
        }
        for (const call of calls.filter((call) => call.operationName === 'GetOfficialsBreakdown')) {
          expect(call.variables).toMatchObject({
            filter: { activeOn: '2023-12-31' },
            options: { asOf: '2023-12-31' },
          });
        }

        expect(await seriousViolations(tab)).toEqual([]);

        // A district, found by its name typed without diacritics.
        await tab.getByLabel('Tìm địa bàn').fill('son tinh');
        await tab.locator('#locality-results a[data-code="527"]').click();
        await expect
          .poll(() => tab.locator('h1').textContent(), { timeout: 20_000 })
          .toBe('Báo cáo bình đẳng giới: Huyện Sơn Tịnh, 2023');
        expect(new URL(tab.url()).searchParams.get('locality')).toBe('527');
        await expect
          .poll(() => tab.getByTestId('coverage-commune').textContent())
          .toMatch(/^\d+ trên \d+ chính quyền cấp xã/);
        expect(await tab.getByTestId('coverage-district').count()).toBe(0);

        // English, on the same view.
        await tab.locator('#language').click();
        await expect
          .poll(() => tab.locator('h1').textContent(), { timeout: 20_000 })
          .toBe('Gender equality report: Huyện Sơn Tịnh, 2023');
        expect(await tab.locator('html').getAttribute('lang')).toBe('en');
        await expect
          .poll(() => tab.getByTestId('coverage-commune').textContent())
          .toMatch(/^\d+ of \d+ commune governments with a female key leader/);
        const english = new URL(tab.url());
        expect(Object.fromEntries(english.searchParams)).toMatchObject({
          locality: '527',
          year: '2023',
          lang: 'en',
        });

        // The address is the view: opened afresh, it shows the same.
        const shared = await context.newPage();
        watchConsole(shared, problems);
        await shared.goto(english.toString());
        await expect
          .poll(() => shared.locator('h1').textContent(), { timeout: 20_000 })
          .toBe('Gender equality report: Huyện Sơn Tịnh, 2023');
        // Back to the province: its English figures.
        await shared.goto(`${origin}/dashboard/?locality=51&year=2023&lang=en`);
        await expect
          .poll(() => shared.getByTestId('attainment-summary').textContent(), { timeout: 20_000 })
          .toBe('16 of 19 indicators met');
        expect(await shared.getByTestId('coverage-commune').textContent()).toMatch(
          /^105 of 173 commune governments with a female key leader/,
        );
        expect(await seriousViolations(shared)).toEqual([]);

        // Print: no controls, every section, on A4.
        await shared.emulateMedia({ media: 'print' });
        expect(await shared.locator('#controls').isVisible()).toBe(false);
        for (const id of ['attainment', 'leaders', 'officials', 'training', 'series']) {
          expect(await shared.locator(`#${id}`).isVisible(), id).toBe(true);
        }
        expect(await shared.locator('.colophon .print-only').isVisible()).toBe(true);
        const pdf = await shared.pdf({ preferCSSPageSize: true });
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
        // A4 is 595 × 842 points (Chromium writes 594.96 × 841.92); Letter would be 612 × 792.
        const boxes = pdf.toString('latin1').match(/\/MediaBox \[[^\]]*\]/g) ?? [];
        expect(boxes.length).toBeGreaterThan(1);
        for (const box of boxes)
          expect(box).toMatch(/^\/MediaBox \[0 0 59[45]\.\d+ 84[12]\.\d+\]$/);

        expect(outside).toEqual([]);
        expect(problems).toEqual([]);
      } finally {
        await close();
      }
    },
    180_000,
  );

  it.skipIf(chromiumMissing !== null)(
    'says so when a locality is unknown or the platform is down, instead of blank charts',
    async () => {
      const { context, outside, close } = await openContext();
      try {
        const tab = await context.newPage();
        await tab.goto(`${origin}/dashboard/?locality=99999&year=2023&lang=en`);
        const problem = tab.getByTestId('problem');
        await expect
          .poll(() => problem.textContent(), { timeout: 20_000 })
          .toContain('No locality has the code “99999”.');
        expect(await tab.locator('figure.chart').count()).toBe(0);

        // The platform stops answering: the page says so and offers to try again.
        await context.route('**/graphql**', (route) => route.abort('connectionrefused'));
        await tab.goto(`${origin}/dashboard/?locality=51&year=2023`);
        await expect
          .poll(() => problem.textContent(), { timeout: 30_000 })
          .toContain('Không kết nối được với nền tảng dữ liệu');
        expect(await tab.locator('figure.chart').count()).toBe(0);
        // It answers again: trying again shows the report.
        await context.unroute('**/graphql**');
        await problem.getByRole('button').click();
        await expect
          .poll(() => tab.getByTestId('attainment-summary').textContent(), { timeout: 20_000 })
          .toBe('16 trên 19 chỉ tiêu đạt');
        expect(outside).toEqual([]);
      } finally {
        await close();
      }
    },
    90_000,
  );
});
