import { inject } from 'vitest';
import './provided-context.js';
import { createMigratedDatabase } from '../../src/database/own-database.js';
import { seedDemoData } from '../../src/seed/seed.js';

/** A new, migrated, empty database on the test server; `drop()` removes it. */
export function createScratchDatabase(label: string) {
  return createMigratedDatabase(inject('serverUrl'), scratchName(label));
}

/**
 * A new, migrated database holding the seed's rows (the localities, the catalogue and the demo
 * data), for tests that write: nothing else in the run reads or writes it.
 */
export function createSeededDatabase(label: string) {
  return createMigratedDatabase(inject('serverUrl'), scratchName(label), seedDemoData);
}

const scratchName = (label: string) => `binh_dang_${label}_${process.pid}_${Date.now()}`;
