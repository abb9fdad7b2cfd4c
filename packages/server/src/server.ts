import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import type { MikroORM } from '@mikro-orm/postgresql';
import express from 'express';
import { RequestContext, type GraphQLContext } from './modules/common/context.js';
import { buildPlatformSchema } from './schema.js';

export interface PlatformServer {
  httpServer: http.Server;
  listen(port: number): Promise<string>;
  stop(): Promise<void>;
}

export async function createPlatformServer(orm: MikroORM): Promise<PlatformServer> {
  const app = express();
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<GraphQLContext>({
    schema: await buildPlatformSchema(),
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer })],
  });
  await apollo.start();

  app.get('/', (_request, response) => response.redirect('/graphql'));
  app.get('/health', async (_request, response) => {
    try {
      await orm.em.getConnection().execute('select 1');
      response.json({ status: 'ok' });
    } catch {
      response.status(503).json({ status: 'unavailable', reason: 'database not reachable' });
    }
  });
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      // Each request gets its own identity map and its own loaders.
      context: async () => new RequestContext(orm.em.fork()),
    }),
  );

  return {
    httpServer,
    listen(port: number) {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, () => {
          const { port: bound } = httpServer.address() as AddressInfo;
          resolve(`http://localhost:${bound}/graphql`);
        });
      });
    },
    stop: () => apollo.stop(),
  };
}
