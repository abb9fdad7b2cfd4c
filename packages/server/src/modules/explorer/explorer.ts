import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApolloServerPlugin } from '@apollo/server';
import express, { type RequestHandler, type Router } from 'express';
import { GraphQLError, NoSchemaIntrospectionCustomRule, validate } from 'graphql';
import type { GraphQLContext } from '../common/context.js';
import { Role } from '../auth/viewer.js';

/** Where `pnpm build` puts the explorer's static files (the same from src/ and from dist/). */
export const EXPLORER_DIRECTORY = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'dist',
  'explorer',
);

// The pages (explorer and dashboard) load their own scripts and stylesheets and talk to this origin only.
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function securityHeaders(response: express.Response): void {
  response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
}

const sendPage: RequestHandler = (_request, response) => {
  const page = path.join(EXPLORER_DIRECTORY, 'index.html');
  if (!fs.existsSync(page)) {
    response
      .status(503)
      .type('text/plain')
      .send('The explorer is not built: run `pnpm build` (it builds dist/explorer).\n');
    return;
  }
  securityHeaders(response);
  response.sendFile(page);
};

/**
 * The explorer at `/explorer`, and at `/graphql` for a browser (`GET` asking for HTML): a
 * GraphiQL built into static files at build time, with nothing loaded from elsewhere.
 */
export function explorerRoutes(): Router {
  const router = express.Router();
  router.get(['/explorer', '/explorer/', '/explorer/index.html'], sendPage);
  router.use(
    '/explorer',
    (_request, response, next) => {
      securityHeaders(response);
      next();
    },
    express.static(EXPLORER_DIRECTORY, { index: false }),
  );
  router.get('/graphql', (request, response, next) => {
    // API clients (JSON, or a GET query) go on to GraphQL; a browser opening the address gets the page.
    if (request.query.query !== undefined) return next();
    if (
      request.accepts(['application/json', 'application/graphql-response+json', 'text/html']) !==
      'text/html'
    ) {
      return next();
    }
    sendPage(request, response, next);
  });
  return router;
}

/**
 * When introspection is on only for the explorer, it is answered to callers with a role and
 * refused to anonymous ones, with the same error as when it is off.
 */
export function introspectionForRolesPlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    async requestDidStart({ contextValue }) {
      return {
        async didResolveOperation({ document, schema }) {
          if (contextValue.viewer.role !== Role.ANONYMOUS) return;
          const errors = validate(schema, document, [NoSchemaIntrospectionCustomRule]);
          if (errors.length > 0) {
            throw new GraphQLError(
              'GraphQL introspection is not allowed without credentials: sign in with a role',
              { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } } },
            );
          }
        },
      };
    },
  };
}
