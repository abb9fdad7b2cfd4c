import { ApprovalStatus } from '../strategy/indicator-value.entity.js';
import { Readable } from 'node:stream';
import {
  Arg,
  Ctx,
  Field,
  Float,
  Int,
  Mutation,
  ObjectType,
  registerEnumType,
  Resolver,
} from 'type-graphql';
import { Allow } from '../auth/authorize.js';
import { Role } from '../auth/viewer.js';
import type { GraphQLContext } from '../common/context.js';
import { invalidInput } from '../common/write-kit.js';
import { importCsv } from './import.service.js';

export enum ImportKind {
  LOCALITIES = 'localities',
  OFFICIALS = 'officials',
  INDICATOR_VALUES = 'indicator-values',
  ENROLLMENTS = 'enrollments',
  PLANS = 'plans',
  AGENCIES = 'agencies',
  TRAINING_PROGRAMS = 'training-programs',
  LOCALITY_SUCCESSIONS = 'locality-successions',
}
registerEnumType(ImportKind, {
  name: 'ImportKind',
  description: 'What a file imports',
  valuesConfig: {
    LOCALITIES: { description: 'Localities (administrative units)' },
    OFFICIALS: { description: 'Officials with their posts' },
    INDICATOR_VALUES: { description: 'Indicator values by indicator, locality and year' },
    ENROLLMENTS: { description: 'Enrolments of officials in training programs' },
    AGENCIES: { description: 'Agencies, upserted on their codes; parents must already exist' },
    TRAINING_PROGRAMS: { description: 'Training programs, upserted on their codes' },
    LOCALITY_SUCCESSIONS: {
      description:
        'Which unit went into which on a day, and whether it was divided; the predecessor is the unit holding its code the day before, the successor the one holding its code that day',
    },
    PLANS: {
      description:
        'One row per indicator a plan tracks or target it sets; each plan named is replaced as a whole',
    },
  },
});

/** Files larger than this go through `pnpm cli import`, which streams them. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

@ObjectType({ description: 'A value of an imported file that was refused' })
export class ImportProblemType {
  @Field(() => Int, { description: 'Line of the file (the header is line 1)' })
  line!: number;

  @Field(() => String, { description: 'Column of the bad value' })
  column!: string;

  @Field(() => String, { nullable: true, description: 'The refused value as read from the file' })
  value!: string | null;

  @Field(() => String, { description: 'Why the value was refused' })
  reason!: string;
}

@ObjectType({ description: 'What an import did; a rejected file writes nothing' })
export class ImportReportType {
  @Field(() => ImportKind, { description: 'What the file held' })
  kind!: ImportKind;

  @Field(() => Boolean, { description: 'False when any row was bad: then nothing was written' })
  applied!: boolean;

  @Field(() => Int, { description: 'Rows read from the file' })
  rows!: number;

  @Field(() => Int, { description: 'Rows inserted' })
  inserted!: number;

  @Field(() => Int, { description: 'Rows updated' })
  updated!: number;

  @Field(() => Int, { description: 'Rows already as the file says' })
  unchanged!: number;

  @Field(() => Int, {
    description:
      'APPROVED values whose figures the file changed: they are DRAFT again and out of public figures until approved anew',
  })
  reopened!: number;

  @Field(() => Int, { description: 'Values the import submitted for approval (with `submit`)' })
  submitted!: number;

  @Field(() => ApprovalStatus, {
    nullable: true,
    description:
      'The approval state new and changed rows were written in (values without a figure stay DRAFT); null for kinds without approval',
  })
  writtenAs!: ApprovalStatus | null;

  @Field(() => Int, { description: 'Rows with a problem' })
  problemCount!: number;

  @Field(() => [ImportProblemType], { description: 'Every bad row: line, column, value and why' })
  problems!: ImportProblemType[];

  @Field(() => Float, { description: 'Seconds the import took' })
  seconds!: number;
}

@Resolver()
export class ImportResolver {
  @Mutation(() => ImportReportType, {
    description: `Applies a CSV file of up to ${MAX_IMPORT_BYTES / 1024 / 1024} MB all or nothing; larger files: \`pnpm cli import\``,
  })
  @Allow(Role.EDITOR)
  async importRecords(
    @Arg('kind', () => ImportKind, {
      description: 'What the file holds, which decides its columns',
    })
    kind: ImportKind,
    @Arg('csv', () => String, { description: 'The file, header line first' }) csv: string,
    @Arg('submit', () => Boolean, {
      defaultValue: false,
      description:
        'Submit for approval the indicator values the file inserts or changes (DRAFT → SUBMITTED); an import never approves',
    })
    submit: boolean,
    @Ctx() context: GraphQLContext,
  ) {
    const { viewer } = context;
    if (Buffer.byteLength(csv) > MAX_IMPORT_BYTES) {
      throw invalidInput([
        {
          field: 'csv',
          reason: `must be at most ${MAX_IMPORT_BYTES} bytes; use the command-line import`,
        },
      ]);
    }
    if (viewer.role !== Role.ADMIN && !viewer.scopeCode) {
      throw invalidInput([{ field: 'kind', reason: 'an EDITOR needs a locality scope to import' }]);
    }
    return importCsv(context.em.getKnex(), {
      kind,
      input: Readable.from([csv]),
      actor: viewer.subject,
      scopeCode: viewer.role === Role.ADMIN ? null : viewer.scopeCode,
      source: `Imported through the API by ${viewer.subject}`,
      submit,
    });
  }
}
