// Compares two versions of the SDL contract and reports breaking changes that are not declared.
import { CriticalityLevel, diff } from '@graphql-inspector/core';
import { buildSchema } from 'graphql';

/**
 * @param {string} before  SDL of the last committed contract
 * @param {string} after   SDL of the contract being checked
 * @param {{ path?: string, message?: string, reason: string }[]} declared  accepted breaking changes
 * @returns {Promise<{ breaking: { path?: string, message: string }[], undeclared: { path?: string, message: string }[] }>}
 */
export async function findBreakingChanges(before, after, declared = []) {
  const changes = await diff(buildSchema(before), buildSchema(after));
  const breaking = changes
    .filter((change) => change.criticality.level === CriticalityLevel.Breaking)
    .map((change) => ({ path: change.path, message: change.message }));
  const undeclared = breaking.filter(
    (change) =>
      !declared.some(
        (entry) =>
          (entry.path === undefined || entry.path === change.path) &&
          (entry.message === undefined || entry.message === change.message),
      ),
  );
  return { breaking, undeclared };
}
