import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
import * as operations from './generated/graphql.js';
import { paginate } from './paginate.js';
import {
  Transport,
  type ClientOptions,
  type RequestOptions,
  type TypedDocument,
  type VariablesArgument,
} from './transport.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- `any` lets inference read both type parameters */
type Vars<TDocument> = TDocument extends DocumentTypeDecoration<any, infer V> ? V : never;
type Result<TDocument> = TDocument extends DocumentTypeDecoration<infer R, any> ? R : never;
/* eslint-enable @typescript-eslint/no-explicit-any */

/**
 * The Bình Đẳng client. Methods are grouped like the server's modules; each runs one of the
 * SDK's typed operations and returns the root field's value (`null` for an unknown key).
 */
export function createClient(options: ClientOptions) {
  const transport = new Transport(options);

  /** Runs any typed document: the SDK's own or one a consumer generated. */
  function request<TResult, TVariables>(
    document: TypedDocument<TResult, TVariables>,
    ...[variables, requestOptions]: VariablesArgument<TVariables>
  ): Promise<TResult> {
    return transport.request(document, variables, requestOptions);
  }

  /** A method running `document` and returning the value under `field`. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any document shape
  type AnyDocument = TypedDocument<any, any>;
  function method<TDocument extends AnyDocument, TField extends keyof Result<TDocument>>(
    document: TDocument,
    field: TField,
  ) {
    return async (
      ...[variables, requestOptions]: VariablesArgument<Vars<TDocument>>
    ): Promise<Result<TDocument>[TField]> => {
      const data = await transport.request(document, variables, requestOptions as RequestOptions);
      return (data as Result<TDocument>)[field];
    };
  }

  return {
    request,
    paginate,
    localities: {
      get: method(operations.GetLocalityDocument, 'locality'),
      list: method(operations.ListLocalitiesDocument, 'localities'),
      /** Posts in the unit's local government, with their holders. */
      positions: method(operations.ListLocalityPositionsDocument, 'locality'),
      create: method(operations.CreateLocalityDocument, 'createLocality'),
      update: method(operations.UpdateLocalityDocument, 'updateLocality'),
      archive: method(operations.ArchiveLocalityDocument, 'archiveLocality'),
    },
    strategy: {
      get: method(operations.GetStrategyDocument, 'strategy'),
      getPlan: method(operations.GetPlanDocument, 'plan'),
    },
    indicators: {
      get: method(operations.GetIndicatorDocument, 'indicator'),
      list: method(operations.ListIndicatorsDocument, 'indicators'),
      values: method(operations.ListIndicatorValuesDocument, 'indicatorValues'),
      attainment: method(operations.GetIndicatorAttainmentDocument, 'indicatorAttainment'),
      series: method(operations.GetIndicatorSeriesDocument, 'indicatorSeries'),
      rollup: method(operations.GetIndicatorRollupDocument, 'indicatorRollup'),
      /** Upserts on indicator × locality × year × disaggregation; the value starts as DRAFT. */
      reportValue: method(operations.ReportIndicatorValueDocument, 'reportIndicatorValue'),
      submitValue: method(operations.SubmitIndicatorValueDocument, 'submitIndicatorValue'),
      approveValue: method(operations.ApproveIndicatorValueDocument, 'approveIndicatorValue'),
      returnValue: method(operations.ReturnIndicatorValueDocument, 'returnIndicatorValue'),
    },
    officials: {
      get: method(operations.GetOfficialDocument, 'official'),
      list: method(operations.ListOfficialsDocument, 'officials'),
      breakdown: method(operations.GetOfficialsBreakdownDocument, 'officialsBreakdown'),
      keyLeaderCoverage: method(operations.GetKeyLeaderCoverageDocument, 'keyLeaderCoverage'),
      create: method(operations.CreateOfficialDocument, 'createOfficial'),
      update: method(operations.UpdateOfficialDocument, 'updateOfficial'),
      archive: method(operations.ArchiveOfficialDocument, 'archiveOfficial'),
      createPosition: method(operations.CreatePositionDocument, 'createPosition'),
      updatePosition: method(operations.UpdatePositionDocument, 'updatePosition'),
      archivePosition: method(operations.ArchivePositionDocument, 'archivePosition'),
    },
    agencies: {
      get: method(operations.GetAgencyDocument, 'agency'),
      list: method(operations.ListAgenciesDocument, 'agencies'),
      create: method(operations.CreateAgencyDocument, 'createAgency'),
      update: method(operations.UpdateAgencyDocument, 'updateAgency'),
      archive: method(operations.ArchiveAgencyDocument, 'archiveAgency'),
    },
    training: {
      getProgram: method(operations.GetTrainingProgramDocument, 'trainingProgram'),
      listPrograms: method(operations.ListTrainingProgramsDocument, 'trainingPrograms'),
      enrollments: method(operations.ListEnrollmentsDocument, 'trainingProgram'),
      participation: method(operations.GetTrainingParticipationDocument, 'trainingParticipation'),
      createProgram: method(operations.CreateTrainingProgramDocument, 'createTrainingProgram'),
      updateProgram: method(operations.UpdateTrainingProgramDocument, 'updateTrainingProgram'),
      archiveProgram: method(operations.ArchiveTrainingProgramDocument, 'archiveTrainingProgram'),
      enroll: method(operations.EnrollOfficialDocument, 'enrollOfficial'),
      updateEnrollment: method(operations.UpdateEnrollmentDocument, 'updateEnrollment'),
      archiveEnrollment: method(operations.ArchiveEnrollmentDocument, 'archiveEnrollment'),
    },
    tasks: {
      get: method(operations.GetTaskDocument, 'task'),
      list: method(operations.ListTasksDocument, 'tasks'),
      create: method(operations.CreateTaskDocument, 'createTask'),
      update: method(operations.UpdateTaskDocument, 'updateTask'),
      archive: method(operations.ArchiveTaskDocument, 'archiveTask'),
    },
    imports: {
      /** All or nothing: a file with any bad row writes nothing and reports every bad row. */
      run: method(operations.ImportRecordsDocument, 'importRecords'),
    },
    audit: {
      trail: method(operations.GetAuditTrailDocument, 'auditTrail'),
    },
  };
}

export type BinhDangClient = ReturnType<typeof createClient>;
