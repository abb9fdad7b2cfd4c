import { ReferenceKind, type EntityClass, type EntityProperty } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';

/** Turns one database row into the object a read serialises. */
export type RowMapper<T> = (row: Record<string, unknown>) => T;

type Step = (target: Record<string, unknown>, row: Record<string, unknown>) => void;

const mappers = new WeakMap<object, RowMapper<unknown>>();

/**
 * Maps rows of `entity` to read-only objects of the same shape as the ORM's entities (property
 * names, values converted by the same column types, to-one relations as `{ id }` references)
 * without creating managed entities: nothing enters an identity map or change set, so a read
 * that only serialises its rows skips the ORM's per-row bookkeeping. The objects inherit from
 * the entity's prototype, so `instanceof` holds; they are never flushed.
 */
export function rowMapper<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
): RowMapper<T> {
  const known = mappers.get(entity);
  if (known) return known as RowMapper<T>;
  const meta = em.getMetadata().get(entity.name);
  const platform = em.getPlatform();
  const steps: Step[] = [];
  const shadowed: PropertyDescriptorMap = {};
  for (const prop of meta.props as EntityProperty[]) {
    const field = prop.fieldNames?.[0];
    if (!field) continue;
    const name = prop.name;
    shadowed[name] = { value: undefined, writable: true, enumerable: false, configurable: true };
    if (
      prop.kind === ReferenceKind.MANY_TO_ONE ||
      (prop.kind === ReferenceKind.ONE_TO_ONE && prop.owner)
    ) {
      steps.push((target, row) => {
        const key = row[field];
        if (key !== undefined) target[name] = key === null ? null : { id: Number(key) };
      });
    } else if (prop.kind === ReferenceKind.SCALAR) {
      const convert = scalarConversion(prop, platform);
      steps.push((target, row) => {
        const value = row[field];
        if (value !== undefined) target[name] = value === null ? null : convert(value);
      });
    }
  }
  // Own data properties on an intermediate prototype take the assignments below, so the ORM's
  // property accessors on the entity prototype (change tracking) are never reached.
  const prototype = Object.create(entity.prototype as object, shadowed) as object;
  const mapper: RowMapper<T> = (row) => {
    const target = Object.create(prototype) as Record<string, unknown>;
    for (const step of steps) step(target, row);
    return target as T;
  };
  mappers.set(entity, mapper as RowMapper<unknown>);
  return mapper;
}

function scalarConversion(
  prop: EntityProperty,
  platform: ReturnType<EntityManager['getPlatform']>,
): (value: unknown) => unknown {
  if (prop.customType) {
    const type = prop.customType;
    return (value) => type.convertToJSValue(value, platform);
  }
  if (prop.runtimeType === 'boolean') return (value) => !!value;
  if (prop.runtimeType === 'Date') {
    return (value) => (value instanceof Date ? value : new Date(value as string));
  }
  return (value) => value;
}

const rowsByRequest = new WeakMap<EntityManager, Map<string, Map<number, unknown>>>();

function rowsOf(em: EntityManager, entity: EntityClass<unknown>): Map<number, unknown> {
  let byEntity = rowsByRequest.get(em);
  if (!byEntity) rowsByRequest.set(em, (byEntity = new Map()));
  let rows = byEntity.get(entity.name);
  if (!rows) byEntity.set(entity.name, (rows = new Map()));
  return rows;
}

/**
 * Keeps a row a read of this request (its own EntityManager) mapped, so that a look-up by id of
 * the same row later in the request needs no statement, as with the ORM's identity map.
 */
export function rememberRow<T extends { id: number }>(
  em: EntityManager,
  entity: EntityClass<T>,
  row: T,
): T {
  rowsOf(em, entity).set(row.id, row);
  return row;
}

/** A row this request already read, if any. */
export function rememberedRow<T>(
  em: EntityManager,
  entity: EntityClass<T>,
  id: number,
): T | undefined {
  return rowsOf(em, entity).get(id) as T | undefined;
}
