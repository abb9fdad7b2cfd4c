import type { Attainment, Breakdown, Labels, Page, Part, Participation } from './api.js';
import { COLOURS, figure, groupedBars, seriesChart, shareBars, stackedBars } from './charts.js';
import { h, table } from './dom.js';
import { formatDate, formatNumber, formatPercent, type Language, type Messages } from './i18n.js';
import type { ViewState } from './state.js';

export interface Context {
  state: ViewState;
  t: Messages;
  labels: Labels;
  language: Language;
  link: (state: ViewState, text: string, attributes?: Record<string, string>) => HTMLAnchorElement;
  failed: (part: Part<unknown> & { ok: false }) => HTMLElement;
  go: (state: ViewState) => void;
}

function label(context: Context, enumName: string, value: string | null | undefined): string {
  if (value === null || value === undefined) return context.t.unassigned;
  return context.labels[enumName]?.[value] ?? context.t.enums[enumName]?.[value] ?? value;
}

function section(id: string, title: string, ...content: (Node | null)[]): HTMLElement {
  return h(
    'section',
    { id, 'aria-labelledby': `${id}-title`, class: 'report-section' },
    h('h2', { id: `${id}-title` }, title),
    ...content,
  );
}

const STATUS_CLASS: Record<string, string> = {
  MET: 'met',
  NOT_MET: 'not-met',
  NO_DATA: 'no-data',
  NO_TARGET: 'no-data',
};

// ---- Attainment -------------------------------------------------------------------------------

export function attainmentSection(context: Context, part: Part<Attainment>): HTMLElement {
  const { t, language } = context;
  if (!part.ok) return section('attainment', t.attainment, context.failed(part));
  const attainment = part.value;
  const number = (value: number | null | undefined, digits = 2) =>
    value === null || value === undefined ? '—' : formatNumber(language, value, digits);
  const goalName = (goal: Attainment['goals'][number]['goal']) =>
    `${goal.code} ${language === 'vi' ? goal.nameVi : goal.nameEn}`;
  const chartRows = attainment.goals.flatMap((goal) => [
    { label: goal.goal.code, series: t.met, value: goal.met },
    { label: goal.goal.code, series: t.notMet, value: goal.notMet },
    { label: goal.goal.code, series: t.noData, value: goal.noData + goal.noTarget },
  ]);
  const colours = { [t.met]: COLOURS.met, [t.notMet]: COLOURS.notMet, [t.noData]: COLOURS.noData };
  return section(
    'attainment',
    t.attainment,
    h(
      'p',
      { class: 'headline', 'data-testid': 'attainment-summary' },
      t.attainmentSummary(attainment.met, attainment.tracked),
    ),
    h(
      'ul',
      { class: 'tally' },
      h('li', { class: 'met' }, `${t.met}: ${attainment.met}`),
      h('li', { class: 'not-met' }, `${t.notMet}: ${attainment.notMet}`),
      h('li', { class: 'no-data' }, `${t.noData}: ${attainment.noData}`),
      attainment.noTarget > 0
        ? h('li', { class: 'no-data' }, `${t.noTarget}: ${attainment.noTarget}`)
        : null,
      attainment.plan ? h('li', {}, `${t.plan}: ${attainment.plan.code}`) : null,
    ),
    figure(t.goalsChart, stackedBars(chartRows, colours)),
    table(
      t.goalsChart,
      [
        { label: t.goal, cell: (goal) => goalName(goal.goal), sortKey: (goal) => goal.goal.code },
        { label: t.met, cell: (goal) => goal.met, sortKey: (goal) => goal.met, numeric: true },
        {
          label: t.notMet,
          cell: (goal) => goal.notMet,
          sortKey: (goal) => goal.notMet,
          numeric: true,
        },
        { label: t.noData, cell: (goal) => goal.noData + goal.noTarget, numeric: true },
        {
          label: t.share,
          cell: (goal) => formatPercent(language, goal.metShare),
          sortKey: (goal) => goal.metShare ?? -1,
          numeric: true,
        },
      ],
      attainment.goals,
      { sortBy: t.sortBy, testId: 'goals-table' },
    ),
    table(
      t.indicator,
      [
        {
          label: t.indicator,
          cell: (row) => [
            h('span', { class: 'code' }, row.indicator.code),
            ' ',
            language === 'vi' ? row.indicator.nameVi : row.indicator.nameEn,
            row.indicator.textStatus !== 'VERIFIED'
              ? h(
                  'span',
                  { class: 'badge unverified', title: t.unverified },
                  `${t.unverifiedShort} (${label(context, 'TextStatus', row.indicator.textStatus)})`,
                )
              : null,
            row.illustrative ? h('span', { class: 'badge' }, t.illustrative) : null,
          ],
          sortKey: (row) => row.indicator.code,
        },
        {
          label: t.value,
          cell: (row) => number(row.value),
          sortKey: (row) => row.value ?? -Infinity,
          numeric: true,
        },
        { label: t.targetOfYear, cell: (row) => number(row.target), numeric: true },
        { label: t.target2025, cell: (row) => number(row.indicator.target2025), numeric: true },
        { label: t.target2030, cell: (row) => number(row.indicator.target2030), numeric: true },
        {
          label: t.gap,
          cell: (row) => number(row.gap),
          sortKey: (row) => row.gap ?? -Infinity,
          numeric: true,
        },
        {
          label: t.status,
          cell: (row) =>
            h(
              'span',
              { class: `status ${STATUS_CLASS[row.status] ?? ''}` },
              label(context, 'ValueStatus', row.status),
            ),
          sortKey: (row) => row.status,
        },
      ],
      attainment.indicators,
      { sortBy: t.sortBy, testId: 'indicators-table' },
    ),
  );
}

// ---- Key leaders ------------------------------------------------------------------------------

export function leadersSection(context: Context, page: Page): HTMLElement {
  const { t, language, state } = context;
  const summaries = page.coverage.map((part) => {
    if (!part.ok) return context.failed(part);
    const coverage = part.value;
    const levelName = label(context, 'LocalityLevel', coverage.level).toLocaleLowerCase(language);
    return h(
      'div',
      { class: 'coverage' },
      h(
        'p',
        { class: 'headline', 'data-testid': `coverage-${coverage.level.toLowerCase()}` },
        t.leadersSummary(coverage.withFemaleKeyLeader, coverage.units, levelName),
        ` (${formatPercent(language, coverage.share)}), `,
        t.asOf(formatDate(language, coverage.asOf)),
      ),
      h(
        'details',
        { class: 'without' },
        h('summary', {}, `${t.unitsWithout}: ${coverage.unitsWithout.length}`),
        coverage.unitsWithout.length === 0
          ? h('p', {}, t.none)
          : h(
              'ul',
              { class: 'columns' },
              coverage.unitsWithout.map((unit) =>
                h('li', {}, context.link({ ...state, locality: unit.code }, unit.name)),
              ),
            ),
      ),
    );
  });
  // Whether each child unit itself has a female key leader: it is not among the units without.
  const ownLevel = page.coverage.find(
    (part) => part.ok && page.children.some((child) => child.level === part.value.level),
  );
  const without = new Set(ownLevel?.ok ? ownLevel.value.unitsWithout.map((unit) => unit.code) : []);
  const rows = page.childCoverage.map(({ child, communes }) => ({
    child,
    has: ownLevel?.ok ? !without.has(child.code) : null,
    communes: communes?.ok ? communes.value : null,
    communesFailed: communes !== null && !communes.ok,
  }));
  const withCommunes = rows.filter((row) => row.communes !== null);
  return section(
    'leaders',
    t.leaders,
    ...summaries,
    withCommunes.length > 0
      ? figure(
          t.leadersChart,
          shareBars(
            withCommunes.map((row) => ({ label: row.child.name, share: row.communes!.share ?? 0 })),
            COLOURS.women,
          ),
        )
      : null,
    rows.length > 0
      ? table(
          t.leaders,
          [
            {
              label: t.unit,
              cell: (row) => context.link({ ...state, locality: row.child.code }, row.child.name),
              sortKey: (row) => row.child.name,
            },
            ...(ownLevel
              ? [
                  {
                    label: t.hasFemaleLeader,
                    cell: (row: (typeof rows)[number]) =>
                      row.has === null ? '—' : row.has ? t.yes : t.no,
                    sortKey: (row: (typeof rows)[number]) => (row.has ? 1 : 0),
                  },
                ]
              : []),
            ...(withCommunes.length > 0
              ? [
                  {
                    label: t.communesWith,
                    cell: (row: (typeof rows)[number]) =>
                      row.communes
                        ? `${row.communes.withFemaleKeyLeader} / ${row.communes.units}`
                        : row.communesFailed
                          ? t.sectionFailed
                          : '—',
                    sortKey: (row: (typeof rows)[number]) =>
                      row.communes?.withFemaleKeyLeader ?? -1,
                    numeric: true,
                  },
                  {
                    label: t.share,
                    cell: (row: (typeof rows)[number]) =>
                      formatPercent(language, row.communes?.share),
                    sortKey: (row: (typeof rows)[number]) => row.communes?.share ?? -1,
                    numeric: true,
                  },
                ]
              : []),
          ],
          rows,
          { sortBy: t.sortBy, testId: 'leaders-table' },
        )
      : null,
  );
}

// ---- Officials --------------------------------------------------------------------------------

type Group = Breakdown['groups'][number];

/** Women and men per value of one dimension; a cell the platform left out shows as withheld. */
function bySex(
  context: Context,
  caption: string,
  dimensionLabel: string,
  breakdown: Breakdown,
  key: (group: Group) => string | null | undefined,
  enumName: string,
  testId: string,
) {
  const { t, language } = context;
  const keys = [...new Set(breakdown.groups.map((group) => key(group) ?? ''))];
  const rows = keys.map((value) => {
    const cell = (sex: string) =>
      breakdown.groups.find((group) => (key(group) ?? '') === value && group.sex === sex)?.count ??
      null;
    const women = cell('FEMALE');
    const men = cell('MALE');
    return {
      value,
      name: label(context, enumName, value || null),
      women,
      men,
      share: women !== null && men !== null && women + men > 0 ? women / (women + men) : null,
    };
  });
  const count = (value: number | null) =>
    value === null
      ? h('span', { class: 'withheld', title: t.withheldNote(breakdown.threshold) }, t.withheld)
      : formatNumber(language, value);
  return {
    rows,
    table: table(
      caption,
      [
        { label: dimensionLabel, cell: (row) => row.name, sortKey: (row) => row.name },
        {
          label: t.women,
          cell: (row) => count(row.women),
          sortKey: (row) => row.women ?? -1,
          numeric: true,
        },
        {
          label: t.men,
          cell: (row) => count(row.men),
          sortKey: (row) => row.men ?? -1,
          numeric: true,
        },
        {
          label: t.womenShare,
          cell: (row) => (row.share === null ? count(null) : formatPercent(language, row.share)),
          sortKey: (row) => row.share ?? -1,
          numeric: true,
        },
      ],
      rows,
      { sortBy: t.sortBy, testId },
    ),
  };
}

function disclosure(
  context: Context,
  breakdown: { perturbed: boolean; threshold: number; suppressedGroups: number },
): HTMLElement {
  const { t } = context;
  return h(
    'ul',
    { class: 'disclosure', 'data-testid': 'disclosure' },
    breakdown.perturbed ? h('li', {}, t.perturbedNote) : null,
    h('li', {}, t.withheldNote(breakdown.threshold)),
    breakdown.suppressedGroups > 0
      ? h('li', {}, t.suppressedCells(breakdown.suppressedGroups))
      : null,
  );
}

export function officialsSection(context: Context, page: Page): HTMLElement {
  const { t, language } = context;
  const parts: (Node | null)[] = [];
  const level = page.officialsByLevel;
  if (level.ok) {
    const { rows, table: levelTable } = bySex(
      context,
      `${t.officials}: ${t.byLevel}`,
      t.level,
      level.value,
      (group) => group.localityLevel,
      'LocalityLevel',
      'officials-level',
    );
    const shown = rows.filter((row) => row.share !== null);
    parts.push(
      h(
        'p',
        { class: 'headline' },
        `${t.total}: `,
        level.value.total === null || level.value.total === undefined
          ? t.totalWithheld
          : formatNumber(language, level.value.total),
      ),
      disclosure(context, level.value),
      shown.length > 0
        ? figure(
            t.officialsChart,
            shareBars(
              shown.map((row) => ({ label: row.name, share: row.share! })),
              COLOURS.women,
            ),
          )
        : null,
      levelTable,
    );
  } else parts.push(context.failed(level));
  for (const [part, caption, dimension, key, enumName, testId] of [
    [
      page.officialsByOrganisation,
      t.byOrganisation,
      t.organisation,
      (group: Group) => group.organisationKind,
      'OrganisationKind',
      'officials-organisation',
    ],
    [
      page.officialsByEthnicity,
      t.byEthnicity,
      t.ethnicityGroup,
      (group: Group) => group.ethnicityGroup,
      'EthnicityGroup',
      'officials-ethnicity',
    ],
  ] as const) {
    if (!part.ok) {
      parts.push(context.failed(part));
      continue;
    }
    parts.push(
      h('h3', {}, caption),
      part.value.suppressedGroups > 0
        ? h('p', { class: 'muted' }, t.suppressedCells(part.value.suppressedGroups))
        : null,
      bySex(context, `${t.officials}: ${caption}`, dimension, part.value, key, enumName, testId)
        .table,
    );
  }
  return section('officials', t.officials, ...parts);
}

// ---- Training ---------------------------------------------------------------------------------

export function trainingSection(context: Context, page: Page): HTMLElement {
  const { t, language } = context;
  const parts: (Node | null)[] = [];
  const rate = (value: number | null | undefined) => formatPercent(language, value);
  const byProgram = page.trainingByProgram;
  if (byProgram.ok) {
    const participation = byProgram.value;
    parts.push(
      h(
        'p',
        { class: 'headline', 'data-testid': 'training-summary' },
        participation.enrollments === null || participation.enrollments === undefined
          ? t.totalWithheld
          : t.trainingSummary(
              formatNumber(language, participation.enrollments),
              rate(participation.completionRate),
            ),
      ),
      disclosure(context, participation),
      participation.groups.length > 0
        ? figure(
            t.trainingChart,
            groupedBars(
              participation.groups.map((group) => ({
                group: label(context, 'TrainingKind', group.programKind),
                series: label(context, 'Sex', group.sex),
                value: group.enrollments,
              })),
              {
                [label(context, 'Sex', 'FEMALE')]: COLOURS.women,
                [label(context, 'Sex', 'MALE')]: COLOURS.men,
              },
            ),
          )
        : null,
      participationTable(
        context,
        t.trainingChart,
        participation,
        (group) => [label(context, 'TrainingKind', group.programKind)],
        [t.program],
        'training-program',
      ),
    );
  } else parts.push(context.failed(byProgram));
  const byArea = page.trainingByArea;
  if (byArea.ok) {
    parts.push(
      h('h3', {}, t.areaFlags),
      participationTable(
        context,
        t.areaFlags,
        byArea.value,
        (group) => {
          const flags = [
            group.ethnicMinorityArea ? t.ethnicMinorityArea : null,
            group.mountainous ? t.mountainous : null,
            group.island ? t.island : null,
          ].filter((flag): flag is string => flag !== null);
          return [flags.length > 0 ? flags.join(', ') : t.otherAreas];
        },
        [t.area],
        'training-area',
      ),
    );
  } else parts.push(context.failed(byArea));
  return section('training', t.training, ...parts);
}

function participationTable(
  context: Context,
  caption: string,
  participation: Participation,
  keys: (group: Participation['groups'][number]) => string[],
  keyLabels: string[],
  testId: string,
): HTMLTableElement {
  const { t, language } = context;
  type Row = Participation['groups'][number];
  return table<Row>(
    caption,
    [
      ...keyLabels.map((keyLabel, index) => ({
        label: keyLabel,
        cell: (group: Row) => keys(group)[index]!,
        sortKey: (group: Row) => keys(group)[index]!,
      })),
      {
        label: t.sex,
        cell: (group) => label(context, 'Sex', group.sex),
        sortKey: (group) => group.sex ?? '',
      },
      {
        label: t.enrollments,
        cell: (group) => formatNumber(language, group.enrollments),
        sortKey: (group) => group.enrollments,
        numeric: true,
      },
      {
        label: t.completions,
        cell: (group) => formatNumber(language, group.completions),
        sortKey: (group) => group.completions,
        numeric: true,
      },
      {
        label: t.completionRate,
        cell: (group) => formatPercent(language, group.completionRate),
        sortKey: (group) => group.completionRate ?? -1,
        numeric: true,
      },
    ],
    participation.groups,
    { sortBy: t.sortBy, testId },
  );
}

// ---- Series -----------------------------------------------------------------------------------

export function seriesSection(context: Context, page: Page): HTMLElement {
  const { t, language, state } = context;
  const choices = page.attainment.ok
    ? page.attainment.value.indicators.map((row) => row.indicator)
    : [];
  const picker = h(
    'select',
    {
      id: 'series-indicator',
      onchange: () => context.go({ ...state, indicator: picker.value }),
    },
    choices.length > 0
      ? choices.map((indicator) =>
          h(
            'option',
            { value: indicator.code, selected: indicator.code === state.indicator },
            `${indicator.code} ${language === 'vi' ? indicator.nameVi : indicator.nameEn}`,
          ),
        )
      : h('option', { value: state.indicator, selected: true }, state.indicator),
  );
  const header = h(
    'div',
    { class: 'field no-print' },
    h('label', { for: 'series-indicator' }, t.chooseIndicator),
    picker,
  );
  if (!page.series.ok) return section('series', t.series, header, context.failed(page.series));
  const series = page.series.value;
  const points = series.points.filter(
    (point): point is typeof point & { value: number } =>
      point.value !== null && point.value !== undefined,
  );
  const number = (value: number | null | undefined) =>
    value === null || value === undefined ? '—' : formatNumber(language, value, 2);
  const last = points.at(-1);
  const projection = last
    ? [
        { year: last.year, value: last.value },
        ...(series.projected2025 !== null && series.projected2025 !== undefined && last.year < 2025
          ? [{ year: 2025, value: series.projected2025 }]
          : []),
        ...(series.projected2030 !== null && series.projected2030 !== undefined && last.year < 2030
          ? [{ year: 2030, value: series.projected2030 }]
          : []),
      ]
    : [];
  const track = (onTrack: boolean | null | undefined) =>
    onTrack === null || onTrack === undefined ? '—' : onTrack ? t.onTrack : t.offTrack;
  return section(
    'series',
    t.series,
    header,
    h('p', { class: 'print-only' }, `${t.chooseIndicator}: ${state.indicator}`),
    points.length === 0
      ? h('p', {}, t.noSeries)
      : figure(
          t.seriesChart(state.indicator),
          seriesChart({
            points,
            target2025: series.target2025 ?? null,
            target2030: series.target2030 ?? null,
            projection,
            labels: {
              value: t.value,
              target2025: t.target2025,
              target2030: t.target2030,
              projection: t.projection,
            },
          }),
        ),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t.trend),
      h('dd', {}, number(series.trendPerYear)),
      h('dt', {}, t.target2025),
      h(
        'dd',
        {},
        `${number(series.target2025)} · ${t.projected(2025, number(series.projected2025))} · ${track(series.onTrack2025)}`,
      ),
      h('dt', {}, t.target2030),
      h(
        'dd',
        {},
        `${number(series.target2030)} · ${t.projected(2030, number(series.projected2030))} · ${track(series.onTrack2030)}`,
      ),
    ),
    table(
      t.seriesChart(state.indicator),
      [
        { label: t.year, cell: (point) => point.year, sortKey: (point) => point.year },
        { label: t.value, cell: (point) => number(point.value), numeric: true },
        { label: t.targetOfYear, cell: (point) => number(point.target), numeric: true },
        {
          label: t.valueOrigin,
          // A year before the unit existed is computed from the units it came from.
          cell: (point) =>
            point.value === null || point.value === undefined
              ? '—'
              : point.derived
                ? t.derived
                : t.reported,
        },
      ],
      series.points.filter((point) => point.value !== null || point.year <= state.year),
      { sortBy: t.sortBy, testId: 'series-table' },
    ),
  );
}
