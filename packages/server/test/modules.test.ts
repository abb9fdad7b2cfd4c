import fs from 'node:fs';
import { MetadataStorage } from '@mikro-orm/core';
import { getMetadataStorage } from 'type-graphql';
import { expect, it } from 'vitest';
import { entities } from '../src/database/entities.js';
import { resolvers } from '../src/resolvers.js';

const modules = new URL('../src/modules/', import.meta.url);

it("lists every module's entities and resolvers, each once, through the modules' index files", async () => {
  // Every file that declares entities or resolvers, loaded so that their decorators have run.
  const declaring = (fs.readdirSync(modules, { recursive: true }) as string[]).filter((file) =>
    /\.(entity|resolver)\.ts$|versioned-record\.ts$|labels\.ts$/.test(file),
  );
  expect(declaring.length).toBeGreaterThan(20);
  for (const file of declaring) await import(new URL(file, modules).href);

  const entityNames = entities.map((entity) => entity.name);
  expect(new Set(entityNames).size).toBe(entityNames.length);
  const declaredEntities = Object.values(MetadataStorage.getMetadata()).map(
    (meta) => meta.className,
  );
  expect([...entityNames].sort()).toEqual([...new Set(declaredEntities)].sort());

  const resolverNames = resolvers.map((resolver) => resolver.name);
  expect(new Set(resolverNames).size).toBe(resolverNames.length);
  const declaredResolvers = getMetadataStorage().resolverClasses.map((entry) => entry.target.name);
  expect([...resolverNames].sort()).toEqual([...new Set(declaredResolvers)].sort());
});
