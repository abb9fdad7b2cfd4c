import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261127000000Foundation } from './Migration20261127000000Foundation.js';
import { Migration20261127010000ValueScale } from './Migration20261127010000ValueScale.js';
import { Migration20261127020000Writes } from './Migration20261127020000Writes.js';
import { Migration20261127030000ApiKeys } from './Migration20261127030000ApiKeys.js';
import { Migration20261127040000ImportHelpers } from './Migration20261127040000ImportHelpers.js';
import { Migration20261127050000LeanerValueIndexes } from './Migration20261127050000LeanerValueIndexes.js';
import { Migration20261127060000SetBasedValueChecks } from './Migration20261127060000SetBasedValueChecks.js';
import { Migration20261127070000Accountability } from './Migration20261127070000Accountability.js';
import { Migration20261127083000CallerFacingTriggerMessages } from './Migration20261127083000CallerFacingTriggerMessages.js';
import { Migration20261127100000ReadPathIndexes } from './Migration20261127100000ReadPathIndexes.js';
import { Migration20261127120000DataGenerations } from './Migration20261127120000DataGenerations.js';
import { Migration20261127130000ValueChecksInOnePass } from './Migration20261127130000ValueChecksInOnePass.js';
import { Migration20261127140000OnePlanAtATime } from './Migration20261127140000OnePlanAtATime.js';
import { Migration20261127164500LocalitySuccession } from './Migration20261127164500LocalitySuccession.js';
import { Migration20261127200000EnrollmentTallies } from './Migration20261127200000EnrollmentTallies.js';
import { Migration20261127230000OfficialTallies } from './Migration20261127230000OfficialTallies.js';
import { Migration20261128020000TalliesAfterLargeWrites } from './Migration20261128020000TalliesAfterLargeWrites.js';
import { Migration20261128060000KeyLeaderCovering } from './Migration20261128060000KeyLeaderCovering.js';
import { Migration20261128093000ValueLocksByDistinctIds } from './Migration20261128093000ValueLocksByDistinctIds.js';
import { Migration20261128113000ApiKeyNamesUnique } from './Migration20261128113000ApiKeyNamesUnique.js';

/** Applied in order; listed explicitly so the build needs no file-system discovery. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261127000000Foundation', class: Migration20261127000000Foundation },
  { name: 'Migration20261127010000ValueScale', class: Migration20261127010000ValueScale },
  { name: 'Migration20261127020000Writes', class: Migration20261127020000Writes },
  { name: 'Migration20261127030000ApiKeys', class: Migration20261127030000ApiKeys },
  { name: 'Migration20261127040000ImportHelpers', class: Migration20261127040000ImportHelpers },
  {
    name: 'Migration20261127050000LeanerValueIndexes',
    class: Migration20261127050000LeanerValueIndexes,
  },
  {
    name: 'Migration20261127060000SetBasedValueChecks',
    class: Migration20261127060000SetBasedValueChecks,
  },
  { name: 'Migration20261127070000Accountability', class: Migration20261127070000Accountability },
  {
    name: 'Migration20261127083000CallerFacingTriggerMessages',
    class: Migration20261127083000CallerFacingTriggerMessages,
  },
  { name: 'Migration20261127100000ReadPathIndexes', class: Migration20261127100000ReadPathIndexes },
  {
    name: 'Migration20261127120000DataGenerations',
    class: Migration20261127120000DataGenerations,
  },
  {
    name: 'Migration20261127130000ValueChecksInOnePass',
    class: Migration20261127130000ValueChecksInOnePass,
  },
  { name: 'Migration20261127140000OnePlanAtATime', class: Migration20261127140000OnePlanAtATime },
  {
    name: 'Migration20261127164500LocalitySuccession',
    class: Migration20261127164500LocalitySuccession,
  },
  {
    name: 'Migration20261127200000EnrollmentTallies',
    class: Migration20261127200000EnrollmentTallies,
  },
  {
    name: 'Migration20261127230000OfficialTallies',
    class: Migration20261127230000OfficialTallies,
  },
  {
    name: 'Migration20261128020000TalliesAfterLargeWrites',
    class: Migration20261128020000TalliesAfterLargeWrites,
  },
  {
    name: 'Migration20261128060000KeyLeaderCovering',
    class: Migration20261128060000KeyLeaderCovering,
  },
  {
    name: 'Migration20261128093000ValueLocksByDistinctIds',
    class: Migration20261128093000ValueLocksByDistinctIds,
  },
  {
    name: 'Migration20261128113000ApiKeyNamesUnique',
    class: Migration20261128113000ApiKeyNamesUnique,
  },
];
