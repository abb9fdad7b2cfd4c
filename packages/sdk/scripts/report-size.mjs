// Bundles the SDK as an app would (ESM, minified, for browsers) and prints its gzipped size.
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const result = await build({
  entryPoints: [path.join(root, 'dist/esm/index.js')],
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'browser',
  // graphql-js is loaded only to print a parsed consumer document; apps that need it have it.
  external: ['graphql'],
  write: false,
});
const code = result.outputFiles[0].contents;
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
console.log(
  `@binh-dang/sdk, bundled and minified: ${kib(code.length)}; gzipped: ${kib(gzipSync(code).length)}`,
);
