import {
  createTransport,
  GraphQLRequestError,
  type DocumentString,
  type GetIndicatorAttainmentQuery,
  type GetKeyLeaderCoverageQuery,
  type GetLocalityQuery,
  type GetOfficialsBreakdownQuery,
  type GetTrainingParticipationQuery,
  type GetIndicatorSeriesQuery,
  type ListLocalitiesQuery,
  type LocalityLevel,
} from '@binh-dang/sdk';
import { indicators } from '@binh-dang/sdk/indicators';
import { localities } from '@binh-dang/sdk/localities';
import { officials } from '@binh-dang/sdk/officials';
import { training } from '@binh-dang/sdk/training';
import type { Language } from './i18n.js';
import { structureDate, type ViewState } from './state.js';

export type Locality = NonNullable<GetLocalityQuery['locality']>;
export type LocalityRow = ListLocalitiesQuery['localities']['nodes'][number];
export type Attainment = GetIndicatorAttainmentQuery['indicatorAttainment'];
export type Coverage = GetKeyLeaderCoverageQuery['keyLeaderCoverage'];
export type Breakdown = GetOfficialsBreakdownQuery['officialsBreakdown'];
export type Participation = GetTrainingParticipationQuery['trainingParticipation'];
export type Series = GetIndicatorSeriesQuery['indicatorSeries'];

/** Enum labels in the page's language: `labels.Sex.FEMALE`. */
export type Labels = Record<string, Record<string, string>>;

interface LabelsQuery {
  labels: { name: string; values: { value: string; label: string }[] }[];
}
const LabelsDocument =
  'query DashboardLabels($lang:Language!){labels(lang:$lang){name values{value label}}}' as DocumentString<
    LabelsQuery,
    { lang: 'VI' | 'EN' }
  >;

// Same origin unless built for another platform (VITE_BINH_DANG_URL).
const url = import.meta.env.VITE_BINH_DANG_URL ?? new URL('/graphql', location.origin).toString();
const transport = createTransport({
  url,
  timeoutMs: 15_000,
  retries: 1,
  // GET with a hash, so the platform's and any proxy's cache can answer public aggregates;
  // hashing needs WebCrypto, which browsers give secure origins only.
  persistedQueries: globalThis.crypto?.subtle !== undefined,
});
const api = {
  indicators: indicators(transport),
  localities: localities(transport),
  officials: officials(transport),
  training: training(transport),
};

/** A part of the page: its figures, or why they are missing. */
export type Part<T> = { ok: true; value: T } | { ok: false; error: unknown };

async function part<T>(promise: Promise<T>): Promise<Part<T>> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}

/** The locality of a view, in the version in force at the end of the view's year. */
export function findLocality(code: string, year: number): Promise<Locality | null> {
  return api.localities.get({ code, asOf: structureDate(year) });
}

export async function labels(language: Language): Promise<Labels> {
  const answer = await transport.request(LabelsDocument, { lang: language === 'vi' ? 'VI' : 'EN' });
  return Object.fromEntries(
    answer.labels.map((set) => [
      set.name,
      Object.fromEntries(set.values.map((v) => [v.value, v.label])),
    ]),
  );
}

export async function searchLocalities(text: string, year: number): Promise<LocalityRow[]> {
  const page = await api.localities.list({
    filter: { search: text, asOf: structureDate(year) },
    first: 12,
  });
  return page.nodes;
}

/** Levels of local government under a locality that have key leaders counted. */
export function levelsBelow(level: LocalityLevel): LocalityLevel[] {
  if (level === 'PROVINCE') return ['DISTRICT', 'COMMUNE'];
  if (level === 'DISTRICT') return ['COMMUNE'];
  return [];
}

export interface ChildCoverage {
  child: LocalityRow;
  /** Communes under a district-level child, when the child has communes. */
  communes: Part<Coverage> | null;
}

export interface Page {
  locality: Locality;
  children: LocalityRow[];
  attainment: Part<Attainment>;
  coverage: Part<Coverage>[];
  childCoverage: ChildCoverage[];
  officialsByLevel: Part<Breakdown>;
  officialsByOrganisation: Part<Breakdown>;
  officialsByEthnicity: Part<Breakdown>;
  trainingByProgram: Part<Participation>;
  trainingByArea: Part<Participation>;
  series: Part<Series>;
}

/**
 * Every aggregate of a view, requested in parallel once the locality is known. Each part fails
 * on its own (a district without a plan of its own still shows its leaders and officials).
 */
export async function loadPage(state: ViewState, locality: Locality): Promise<Page> {
  const asOf = structureDate(state.year);
  const within = locality.code;
  const levels = levelsBelow(locality.level);
  const children = await api.localities.list({
    filter: { parentCode: within, asOf },
    orderBy: { field: 'CODE' },
    first: 500,
  });
  const officialsBy = (groupBy: Parameters<typeof api.officials.breakdown>[0]['groupBy']) =>
    part(
      api.officials.breakdown({
        groupBy,
        filter: { within, activeOn: asOf },
        options: { asOf },
      }),
    );
  const parts = await allNamed({
    attainment: part(api.indicators.attainment({ year: state.year, localityCode: within })),
    coverage: Promise.all(
      levels.map((level) =>
        part(api.officials.keyLeaderCoverage({ localityCode: within, level, asOf })),
      ),
    ),
    childCoverage: Promise.all(
      children.nodes.map(async (child) => ({
        child,
        communes:
          child.level === 'DISTRICT'
            ? await part(
                api.officials.keyLeaderCoverage({
                  localityCode: child.code,
                  level: 'COMMUNE',
                  asOf,
                }),
              )
            : null,
      })),
    ),
    officialsByLevel: officialsBy(['LOCALITY_LEVEL', 'SEX']),
    officialsByOrganisation: officialsBy(['ORGANISATION_KIND', 'SEX']),
    officialsByEthnicity: officialsBy(['ETHNICITY_GROUP', 'SEX']),
    trainingByProgram: part(
      api.training.participation({
        groupBy: ['PROGRAM_KIND', 'SEX'],
        filter: { within, year: state.year },
        options: { asOf },
      }),
    ),
    trainingByArea: part(
      api.training.participation({
        groupBy: ['ETHNIC_MINORITY_AREA', 'MOUNTAINOUS', 'ISLAND', 'SEX'],
        filter: { within, year: state.year },
        options: { asOf },
      }),
    ),
    series: part(
      api.indicators.series({ indicatorCode: state.indicator, localityCode: within, asOf }),
    ),
  });
  return { locality, children: children.nodes, ...parts };
}

/** Awaits every request of a view at once, keeping each answer under its name. */
async function allNamed<T extends Record<string, Promise<unknown>>>(
  requests: T,
): Promise<{ [K in keyof T]: Awaited<T[K]> }> {
  const answers = await Promise.all(
    Object.entries(requests).map(async ([name, request]) => [name, await request] as const),
  );
  return Object.fromEntries(answers) as { [K in keyof T]: Awaited<T[K]> };
}

/** The platform's reason for a refused request, or null when it was not a refusal. */
export function refusal(error: unknown): { message: string; requestId?: string } | null {
  if (error instanceof GraphQLRequestError) {
    return { message: error.errors[0]?.message ?? error.message, requestId: error.requestId };
  }
  return null;
}
