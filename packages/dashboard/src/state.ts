import type { Language } from './i18n.js';

/** Everything a view depends on; it lives in the address, so any view can be shared. */
export interface ViewState {
  locality: string;
  year: number;
  language: Language;
  /** The indicator whose series is drawn. */
  indicator: string;
}

export const DEFAULT_STATE: ViewState = {
  locality: '51',
  year: 2023,
  language: 'vi',
  indicator: 'MT1.1',
};

export const FIRST_YEAR = 2021;
export const LAST_YEAR = 2030;

const CODE = /^[0-9]{1,6}$/;
const INDICATOR = /^[A-Z0-9.]{1,20}$/;

/** Reads a state from a query string; anything malformed falls back to the default. */
export function readState(search: string): ViewState {
  const query = new URLSearchParams(search);
  const year = Number(query.get('year'));
  const locality = query.get('locality') ?? '';
  const indicator = query.get('indicator') ?? '';
  return {
    locality: CODE.test(locality) ? locality : DEFAULT_STATE.locality,
    year:
      Number.isInteger(year) && year >= FIRST_YEAR && year <= LAST_YEAR ? year : DEFAULT_STATE.year,
    language: query.get('lang') === 'en' ? 'en' : 'vi',
    indicator: INDICATOR.test(indicator) ? indicator : DEFAULT_STATE.indicator,
  };
}

export function writeState(state: ViewState): string {
  const query = new URLSearchParams({
    locality: state.locality,
    year: String(state.year),
    lang: state.language,
    indicator: state.indicator,
  });
  return `?${query.toString()}`;
}

/**
 * The day whose administrative units a year's report uses: the year's last day. Sent with every
 * lookup, so a report for a past year keeps the units of that year after later reforms.
 */
export function structureDate(year: number): string {
  return `${year}-12-31`;
}
