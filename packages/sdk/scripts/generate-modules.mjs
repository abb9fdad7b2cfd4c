// Generates src/generated/modules/*.ts: one file per API module with its operations as compact
// string documents and its methods, each with a doc comment from the schema's descriptions.
// An app that imports one module (`@binh-dang/sdk/indicators`) ships only that module's texts.
// Run by `pnpm codegen` after graphql-codegen; `pnpm check:generated` compares its output.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, Kind, parse, print, stripIgnoredCharacters, visit } from 'graphql';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = 'src/generated/modules';

/**
 * Module → method → [operation, root field, optional doc that replaces the field's description].
 * The module names are the SDK's subpath exports (`@binh-dang/sdk/<module>`).
 */
export const MODULES = {
  localities: {
    get: ['GetLocality', 'locality'],
    list: ['ListLocalities', 'localities'],
    positions: [
      'ListLocalityPositions',
      'locality',
      "Posts in the unit's local government, with their holders; `null` for an unknown code.",
    ],
    create: ['CreateLocality', 'createLocality'],
    update: ['UpdateLocality', 'updateLocality'],
    archive: ['ArchiveLocality', 'archiveLocality'],
  },
  strategy: {
    get: ['GetStrategy', 'strategy'],
    getPlan: ['GetPlan', 'plan'],
    savePlan: ['SavePlan', 'savePlan'],
  },
  indicators: {
    get: ['GetIndicator', 'indicator'],
    list: ['ListIndicators', 'indicators'],
    values: ['ListIndicatorValues', 'indicatorValues'],
    attainment: ['GetIndicatorAttainment', 'indicatorAttainment'],
    series: ['GetIndicatorSeries', 'indicatorSeries'],
    rollup: ['GetIndicatorRollup', 'indicatorRollup'],
    reportValue: ['ReportIndicatorValue', 'reportIndicatorValue'],
    submitValue: ['SubmitIndicatorValue', 'submitIndicatorValue'],
    approveValue: ['ApproveIndicatorValue', 'approveIndicatorValue'],
    returnValue: ['ReturnIndicatorValue', 'returnIndicatorValue'],
    reviewValues: ['ReviewIndicatorValues', 'reviewIndicatorValues'],
  },
  officials: {
    get: ['GetOfficial', 'official'],
    list: ['ListOfficials', 'officials'],
    breakdown: ['GetOfficialsBreakdown', 'officialsBreakdown'],
    keyLeaderCoverage: ['GetKeyLeaderCoverage', 'keyLeaderCoverage'],
    create: ['CreateOfficial', 'createOfficial'],
    update: ['UpdateOfficial', 'updateOfficial'],
    archive: ['ArchiveOfficial', 'archiveOfficial'],
    createPosition: ['CreatePosition', 'createPosition'],
    updatePosition: ['UpdatePosition', 'updatePosition'],
    archivePosition: ['ArchivePosition', 'archivePosition'],
  },
  agencies: {
    get: ['GetAgency', 'agency'],
    list: ['ListAgencies', 'agencies'],
    create: ['CreateAgency', 'createAgency'],
    update: ['UpdateAgency', 'updateAgency'],
    archive: ['ArchiveAgency', 'archiveAgency'],
  },
  training: {
    getProgram: ['GetTrainingProgram', 'trainingProgram'],
    listPrograms: ['ListTrainingPrograms', 'trainingPrograms'],
    enrollments: [
      'ListEnrollments',
      'trainingProgram',
      'A training program with one page of its enrolments; `null` for an unknown code.',
    ],
    participation: ['GetTrainingParticipation', 'trainingParticipation'],
    createProgram: ['CreateTrainingProgram', 'createTrainingProgram'],
    updateProgram: ['UpdateTrainingProgram', 'updateTrainingProgram'],
    archiveProgram: ['ArchiveTrainingProgram', 'archiveTrainingProgram'],
    enroll: ['EnrollOfficial', 'enrollOfficial'],
    updateEnrollment: ['UpdateEnrollment', 'updateEnrollment'],
    archiveEnrollment: ['ArchiveEnrollment', 'archiveEnrollment'],
  },
  tasks: {
    get: ['GetTask', 'task'],
    list: ['ListTasks', 'tasks'],
    create: ['CreateTask', 'createTask'],
    update: ['UpdateTask', 'updateTask'],
    archive: ['ArchiveTask', 'archiveTask'],
  },
  imports: {
    run: ['ImportRecords', 'importRecords'],
  },
  audit: {
    trail: ['GetAuditTrail', 'auditTrail'],
  },
};

const MODULE_DOCS = {
  localities: 'Administrative units: provinces, districts, communes, and their posts.',
  strategy: 'The National Strategy on Gender Equality and the plans of localities.',
  indicators: 'Indicators, their yearly values, aggregates and the approval of reported values.',
  officials: 'Officials, their posts and the aggregates about them.',
  agencies: 'Agencies and committees.',
  training: 'Training programs, enrolments and participation aggregates.',
  tasks: 'Committee tasks.',
  imports: 'Bulk import of CSV files.',
  audit: 'The audit trail of changes.',
};

const pascal = (name) => name[0].toUpperCase() + name.slice(1);

/** A doc comment body, safe inside `/** … *\/`. */
function comment(lines, indent) {
  const text = lines
    .join('\n')
    .replace(/\*\//g, '*\\/')
    .split('\n')
    .map((line) => `${indent} *${line ? ` ${line}` : ''}`);
  return `${indent}/**\n${text.join('\n')}\n${indent} */`;
}

/** Every fragment an operation needs, transitively, in a stable order. */
function fragmentsOf(node, fragments, seen = new Set()) {
  visit(node, {
    FragmentSpread(spread) {
      const name = spread.name.value;
      if (seen.has(name)) return;
      seen.add(name);
      const fragment = fragments.get(name);
      if (!fragment) throw new Error(`Unknown fragment ${name}`);
      fragmentsOf(fragment, fragments, seen);
    },
  });
  return [...seen].sort().map((name) => fragments.get(name));
}

/**
 * @param {{ schemaPath?: string }} [options]
 * @returns {{ filename: string, content: string }[]}
 */
export function generateModules({ schemaPath = path.join(root, '../schema/schema.graphql') } = {}) {
  const schema = buildSchema(fs.readFileSync(schemaPath, 'utf8'));
  const operationsDir = path.join(root, 'src/operations');
  const operations = new Map();
  const fragments = new Map();
  for (const file of fs.readdirSync(operationsDir).sort()) {
    if (!file.endsWith('.graphql')) continue;
    const document = parse(fs.readFileSync(path.join(operationsDir, file), 'utf8'));
    for (const definition of document.definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) {
        fragments.set(definition.name.value, definition);
      } else if (definition.kind === Kind.OPERATION_DEFINITION) {
        operations.set(definition.name.value, definition);
      }
    }
  }

  const used = new Set();
  const outputs = [];
  for (const [module, methods] of Object.entries(MODULES)) {
    const api = `${pascal(module)}Api`;
    const documents = [];
    const signatures = [];
    const members = [];
    const typeNames = new Set();
    for (const [method, [operationName, field, doc]] of Object.entries(methods)) {
      const operation = operations.get(operationName);
      if (!operation) throw new Error(`${module}.${method}: no operation ${operationName}`);
      used.add(operationName);
      const rootType =
        operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
      const rootField = rootType.getFields()[field];
      if (!rootField) throw new Error(`${operationName}: ${rootType.name} has no field ${field}`);
      const text = stripIgnoredCharacters(
        [operation, ...fragmentsOf(operation, fragments)].map((node) => print(node)).join('\n'),
      );
      const suffix = operation.operation === 'mutation' ? 'Mutation' : 'Query';
      const result = `${operationName}${suffix}`;
      const variables = `${operationName}${suffix}Variables`;
      typeNames.add(result).add(variables);
      documents.push(
        `${comment([`The \`${operationName}\` ${operation.operation}, as sent.`], '')}\n` +
          `export const ${operationName}Document = ${JSON.stringify(text)} as DocumentString<${result}, ${variables}>;`,
      );
      const description = doc ?? rootField.description ?? `Runs \`${rootType.name}.${field}\`.`;
      const argumentLines = rootField.args
        .filter((argument) => argument.description)
        .map((argument) => `- \`${argument.name}\`: ${argument.description.replace(/\n/g, ' ')}`);
      const lines = [
        ...description.split('\n'),
        '',
        `\`${operation.operation} ${operationName}\` → \`${rootType.name}.${field}\`${
          operation.operation === 'query'
            ? ' (retried on network errors and 429/5xx)'
            : ' (never retried)'
        }.`,
        ...(argumentLines.length ? ['', ...argumentLines] : []),
      ];
      signatures.push(
        `${comment(lines, '  ')}\n  ${method}(...args: VariablesArgument<${variables}>): Promise<${result}['${field}']>;`,
      );
      members.push(`    ${method}: method(requester, ${operationName}Document, '${field}'),`);
    }
    const content = `/* eslint-disable */
// Generated by scripts/generate-modules.mjs from the schema and src/operations: do not edit.
import type { ${[...typeNames].sort().join(', ')} } from '../graphql.js';
import { method, type DocumentString, type Requester } from '../../operation.js';
import type { VariablesArgument } from '../../transport.js';

${documents.join('\n\n')}

${comment([MODULE_DOCS[module]], '')}
export interface ${api} {
${signatures.join('\n\n')}
}

${comment([MODULE_DOCS[module], '', `\`${module}(transport)\` binds these operations to a transport made by \`createTransport\`.`], '')}
export function ${module}(requester: Requester): ${api} {
  return {
${members.join('\n')}
  };
}
`;
    outputs.push({ filename: `${outDir}/${module}.ts`, content });
  }
  const unused = [...operations.keys()].filter((name) => !used.has(name));
  if (unused.length > 0) {
    throw new Error(`Operations no module method runs: ${unused.join(', ')} (add them to MODULES)`);
  }
  outputs.push({
    filename: `${outDir}/index.ts`,
    content: `/* eslint-disable */
// Generated by scripts/generate-modules.mjs: every module's factory, interface and documents.
${Object.keys(MODULES)
  .map((module) => `export * from './${module}.js';`)
  .join('\n')}
`,
  });
  // The operations' result and variable types and the schema's types, without the runtime
  // documents graphql-codegen also emits (the modules carry their own compact ones).
  const generatedTypes = fs.readFileSync(path.join(root, 'src/generated/graphql.ts'), 'utf8');
  const typeNames = [...generatedTypes.matchAll(/^export type (\w+)/gm)].map((match) => match[1]);
  outputs.push({
    filename: 'src/generated/types.ts',
    content: `/* eslint-disable */
// Generated by scripts/generate-modules.mjs: the types of src/generated/graphql.ts only.
export type {
${typeNames.map((name) => `  ${name},`).join('\n')}
} from './graphql.js';
`,
  });
  return outputs;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outputs = generateModules({
    schemaPath: process.env.SCHEMA_PATH ? path.resolve(process.env.SCHEMA_PATH) : undefined,
  });
  fs.rmSync(path.join(root, outDir), { recursive: true, force: true });
  fs.mkdirSync(path.join(root, outDir), { recursive: true });
  for (const { filename, content } of outputs) fs.writeFileSync(path.join(root, filename), content);
  console.log(`Generated ${outputs.length} module files in ${outDir}`);
}
