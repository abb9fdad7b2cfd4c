/** A column of an export: where its value is in a row, and its header in each language. */
export interface ExportColumn {
  path: string;
  vi: string;
  en: string;
}

/**
 * An export: a GraphQL operation whose variables come from the query string, and where its rows
 * are. A `connection` export walks the keyset cursors 500 rows at a time.
 */
export interface ExportDefinition {
  query: string;
  /** Path of the list in `data`; for a connection, of the connection. */
  rows: string[];
  connection?: boolean;
  columns: ExportColumn[];
}

const c = (path: string, vi: string, en: string): ExportColumn => ({ path, vi, en });

const LOCALITY = c('locality.code', 'Mã đơn vị', 'Locality code');
const LOCALITY_NAME = c('locality.name', 'Tên đơn vị', 'Locality name');

export const EXPORTS: Record<string, ExportDefinition> = {
  'officials-breakdown': {
    query: `query ($groupBy: [OfficialDimension!]!, $filter: OfficialFilter, $options: BreakdownOptions) {
      officialsBreakdown(groupBy: $groupBy, filter: $filter, options: $options) {
        groups { sex ethnicityGroup ethnicity ageBand localityLevel organisationKind keyLeadership
          locality { code name } count share }
      }
    }`,
    rows: ['officialsBreakdown', 'groups'],
    columns: [
      c('sex', 'Giới tính', 'Sex'),
      c('ethnicityGroup', 'Nhóm dân tộc', 'Ethnicity group'),
      c('ethnicity', 'Dân tộc', 'Ethnicity'),
      c('ageBand', 'Nhóm tuổi', 'Age band'),
      c('localityLevel', 'Cấp hành chính', 'Locality level'),
      c('organisationKind', 'Loại tổ chức', 'Organisation kind'),
      c('keyLeadership', 'Lãnh đạo chủ chốt', 'Key leadership'),
      LOCALITY,
      LOCALITY_NAME,
      c('count', 'Số người', 'Count'),
      c('share', 'Tỷ lệ', 'Share'),
    ],
  },
  'training-participation': {
    query: `query ($groupBy: [TrainingDimension!]!, $filter: TrainingParticipationFilter, $options: BreakdownOptions) {
      trainingParticipation(groupBy: $groupBy, filter: $filter, options: $options) {
        groups { year sex ethnicityGroup programKind mountainous island ethnicMinorityArea
          locality { code name } enrollments completions withdrawals completionRate }
      }
    }`,
    rows: ['trainingParticipation', 'groups'],
    columns: [
      c('year', 'Năm', 'Year'),
      c('sex', 'Giới tính', 'Sex'),
      c('ethnicityGroup', 'Nhóm dân tộc', 'Ethnicity group'),
      c('programKind', 'Loại chương trình', 'Program kind'),
      c('mountainous', 'Miền núi', 'Mountainous'),
      c('island', 'Hải đảo', 'Island'),
      c('ethnicMinorityArea', 'Vùng đồng bào dân tộc thiểu số', 'Ethnic minority area'),
      LOCALITY,
      LOCALITY_NAME,
      c('enrollments', 'Lượt tham gia', 'Enrolments'),
      c('completions', 'Lượt hoàn thành', 'Completions'),
      c('withdrawals', 'Lượt bỏ dở', 'Withdrawals'),
      c('completionRate', 'Tỷ lệ hoàn thành', 'Completion rate'),
    ],
  },
  'indicator-attainment': {
    query: `query ($year: Int!, $localityCode: String!, $planCode: String, $goalCode: String, $includeSubmitted: Boolean! = false) {
      indicatorAttainment(year: $year, localityCode: $localityCode, planCode: $planCode, goalCode: $goalCode, includeSubmitted: $includeSubmitted) {
        goals { goal { code } tracked met notMet noData noTarget }
      }
    }`,
    rows: ['indicatorAttainment', 'goals'],
    columns: [
      c('goal.code', 'Mục tiêu', 'Goal'),
      c('tracked', 'Số chỉ tiêu theo dõi', 'Tracked'),
      c('met', 'Đạt', 'Met'),
      c('notMet', 'Chưa đạt', 'Not met'),
      c('noData', 'Chưa có số liệu', 'No data'),
      c('noTarget', 'Không có chỉ tiêu', 'No target'),
    ],
  },
  'key-leader-coverage': {
    query: `query ($localityCode: String!, $level: LocalityLevel!, $asOf: Date!) {
      keyLeaderCoverage(localityCode: $localityCode, level: $level, asOf: $asOf) {
        unitsWithout { code name }
      }
    }`,
    rows: ['keyLeaderCoverage', 'unitsWithout'],
    columns: [c('code', 'Mã đơn vị', 'Locality code'), c('name', 'Tên đơn vị', 'Locality name')],
  },
  'indicator-series': {
    query: `query ($indicatorCode: String!, $localityCode: String!, $fromYear: Int, $toYear: Int, $includeSubmitted: Boolean! = false) {
      indicatorSeries(indicatorCode: $indicatorCode, localityCode: $localityCode, fromYear: $fromYear, toYear: $toYear, includeSubmitted: $includeSubmitted) {
        points { year value target status }
      }
    }`,
    rows: ['indicatorSeries', 'points'],
    columns: [
      c('year', 'Năm', 'Year'),
      c('value', 'Giá trị', 'Value'),
      c('target', 'Chỉ tiêu', 'Target'),
      c('status', 'Trạng thái', 'Status'),
    ],
  },
  'indicator-rollup': {
    query: `query ($indicatorCode: String!, $localityCode: String!, $year: Int!, $fromLevel: LocalityLevel, $includeSubmitted: Boolean! = false) {
      indicatorRollup(indicatorCode: $indicatorCode, localityCode: $localityCode, year: $year, fromLevel: $fromLevel, includeSubmitted: $includeSubmitted) {
        missing { code name }
      }
    }`,
    rows: ['indicatorRollup', 'missing'],
    columns: [c('code', 'Mã đơn vị', 'Locality code'), c('name', 'Tên đơn vị', 'Locality name')],
  },
  localities: {
    query: `query ($first: Int, $after: String, $filter: LocalityFilter) {
      localities(first: $first, after: $after, filter: $filter) {
        nodes { code name level typeName parent { code } mountainous island ethnicMinorityArea validFrom validTo }
        pageInfo { hasNextPage endCursor }
      }
    }`,
    rows: ['localities'],
    connection: true,
    columns: [
      c('code', 'Mã đơn vị', 'Code'),
      c('name', 'Tên đơn vị', 'Name'),
      c('level', 'Cấp', 'Level'),
      c('typeName', 'Loại đơn vị', 'Type'),
      c('parent.code', 'Mã đơn vị cấp trên', 'Parent code'),
      c('mountainous', 'Miền núi', 'Mountainous'),
      c('island', 'Hải đảo', 'Island'),
      c('ethnicMinorityArea', 'Vùng đồng bào dân tộc thiểu số', 'Ethnic minority area'),
      c('validFrom', 'Hiệu lực từ', 'Valid from'),
      c('validTo', 'Hiệu lực đến', 'Valid to'),
    ],
  },
  officials: {
    query: `query ($first: Int, $after: String, $filter: OfficialFilter) {
      officials(first: $first, after: $after, filter: $filter) {
        nodes { id reference fullName sex birthYear ethnicity ethnicMinority homeLocality { code } }
        pageInfo { hasNextPage endCursor }
      }
    }`,
    rows: ['officials'],
    connection: true,
    columns: [
      c('id', 'Mã', 'Id'),
      c('reference', 'Số hiệu', 'Reference'),
      c('fullName', 'Họ và tên', 'Full name'),
      c('sex', 'Giới tính', 'Sex'),
      c('birthYear', 'Năm sinh', 'Birth year'),
      c('ethnicity', 'Dân tộc', 'Ethnicity'),
      c('ethnicMinority', 'Dân tộc thiểu số', 'Ethnic minority'),
      c('homeLocality.code', 'Quê quán', 'Home locality'),
    ],
  },
  'indicator-values': {
    query: `query ($first: Int, $after: String, $filter: IndicatorValueFilter) {
      indicatorValues(first: $first, after: $after, filter: $filter) {
        nodes { indicator { code } locality { code name } year value numerator denominator target status approvalStatus source }
        pageInfo { hasNextPage endCursor }
      }
    }`,
    rows: ['indicatorValues'],
    connection: true,
    columns: [
      c('indicator.code', 'Chỉ tiêu', 'Indicator'),
      LOCALITY,
      LOCALITY_NAME,
      c('year', 'Năm', 'Year'),
      c('value', 'Giá trị', 'Value'),
      c('numerator', 'Tử số', 'Numerator'),
      c('denominator', 'Mẫu số', 'Denominator'),
      c('target', 'Chỉ tiêu đặt ra', 'Target'),
      c('status', 'Trạng thái', 'Status'),
      c('approvalStatus', 'Trạng thái duyệt', 'Approval status'),
      c('source', 'Nguồn', 'Source'),
    ],
  },
};
