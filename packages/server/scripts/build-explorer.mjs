// Builds the explorer (GraphiQL and its styles and fonts) into static files under dist/explorer,
// so that the platform serves it without any CDN or font service.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist', 'explorer');
fs.rmSync(out, { recursive: true, force: true });

await build({
  entryPoints: { explorer: path.join(root, 'explorer', 'app.tsx') },
  outdir: out,
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2020',
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  // Fonts and images go inside the stylesheet: the page asks for nothing but its own two files.
  loader: {
    '.woff': 'dataurl',
    '.woff2': 'dataurl',
    '.ttf': 'dataurl',
    '.svg': 'dataurl',
    '.png': 'dataurl',
  },
  legalComments: 'external',
  logLevel: 'warning',
});

fs.writeFileSync(
  path.join(out, 'index.html'),
  `<!doctype html>
<html lang="vi">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Bình Đẳng · GraphQL explorer</title>
    <link rel="stylesheet" href="/explorer/explorer.css" />
    <style>html, body, #explorer { height: 100%; margin: 0; }</style>
  </head>
  <body>
    <div id="explorer"></div>
    <script type="module" src="/explorer/explorer.js"></script>
  </body>
</html>
`,
);
console.log(`Explorer built in ${path.relative(process.cwd(), out) || out}`);
