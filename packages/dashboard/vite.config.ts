import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// `pnpm --filter dashboard dev` talks to the platform at BINH_DANG_URL (default: a local
// `pnpm start`) through the dev server, so the page calls its own origin as it does when served.
const platform = process.env.BINH_DANG_URL ?? 'http://localhost:4000';

export default defineConfig({
  base: '/dashboard/',
  build: {
    // Beside the explorer: the server serves both from its own dist directory.
    outDir: fileURLToPath(new URL('../server/dist/dashboard', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    proxy: { '/graphql': { target: platform, changeOrigin: true } },
  },
});
