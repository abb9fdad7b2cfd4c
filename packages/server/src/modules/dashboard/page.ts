import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type RequestHandler, type Router } from 'express';
import { securityHeaders } from '../explorer/explorer.js';

/** Where `pnpm build` puts the dashboard's static files (the same from src/ and from dist/). */
export const DASHBOARD_DIRECTORY = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'dist',
  'dashboard',
);

const sendPage: RequestHandler = (_request, response) => {
  const page = path.join(DASHBOARD_DIRECTORY, 'index.html');
  if (!fs.existsSync(page)) {
    response
      .status(503)
      .type('text/plain')
      .send('The dashboard is not built: run `pnpm build` (it builds dist/dashboard).\n');
    return;
  }
  securityHeaders(response);
  // The page names its scripts by content hash: it must be fresh, they may be kept.
  response.setHeader('Cache-Control', 'no-cache');
  response.sendFile(page);
};

/**
 * The public dashboard at `/dashboard`: static files built by `pnpm build`, calling this
 * origin's `/graphql` as an anonymous caller, with nothing loaded from elsewhere.
 */
export function dashboardRoutes(): Router {
  const router = express.Router();
  router.get(['/dashboard', '/dashboard/', '/dashboard/index.html'], sendPage);
  router.use(
    '/dashboard/assets',
    (_request, response, next) => {
      securityHeaders(response);
      // Asset names carry their content's hash: they may be kept for good (the platform's
      // default no-store would otherwise stay, as static files keep a header already set).
      response.removeHeader('Cache-Control');
      next();
    },
    express.static(path.join(DASHBOARD_DIRECTORY, 'assets'), {
      index: false,
      immutable: true,
      maxAge: '365d',
    }),
  );
  return router;
}
