import { BinhDangError, GraphQLRequestError } from '@binh-dang/sdk';
import './style.css';
import {
  findLocality,
  labels as loadLabels,
  loadPage,
  refusal,
  searchLocalities,
  type Labels,
  type Locality,
  type Page,
  type Part,
} from './api.js';
import { h } from './dom.js';
import { MESSAGES, formatDate, type Language, type Messages } from './i18n.js';
import {
  attainmentSection,
  leadersSection,
  officialsSection,
  seriesSection,
  trainingSection,
  type Context,
} from './sections.js';
import {
  FIRST_YEAR,
  LAST_YEAR,
  readState,
  structureDate,
  writeState,
  type ViewState,
} from './state.js';

const main = document.getElementById('main')!;
const controls = document.getElementById('controls')!;
const brand = document.getElementById('brand')!;
const colophon = document.getElementById('colophon')!;

const labelCache = new Map<Language, Promise<Labels>>();
function labelsFor(language: Language): Promise<Labels> {
  let labels = labelCache.get(language);
  if (!labels) {
    labels = loadLabels(language);
    // A failure is not remembered: the next view asks again.
    labels.catch(() => labelCache.delete(language));
    labelCache.set(language, labels);
  }
  return labels;
}

/** Moves to another view without reloading: the address changes, so it can be shared. */
function go(next: ViewState, replace = false): void {
  const address = writeState(next);
  if (replace) history.replaceState(null, '', address);
  else history.pushState(null, '', address);
  void show();
}

function link(
  state: ViewState,
  text: string,
  attributes: Record<string, string> = {},
): HTMLAnchorElement {
  return h(
    'a',
    {
      ...attributes,
      href: writeState(state),
      onclick: (event: Event) => {
        const mouse = event as MouseEvent;
        if (mouse.ctrlKey || mouse.metaKey || mouse.shiftKey || mouse.button !== 0) return;
        event.preventDefault();
        go(state);
      },
    },
    text,
  );
}

function renderControls(state: ViewState, t: Messages): void {
  const results = h('ul', {
    class: 'results',
    id: 'locality-results',
    'aria-label': t.searchResults,
  });
  let pending: ReturnType<typeof setTimeout> | undefined;
  let asked = 0;
  const search = h('input', {
    id: 'locality-search',
    type: 'search',
    autocomplete: 'off',
    'aria-controls': 'locality-results',
    oninput: () => {
      clearTimeout(pending);
      const text = search.value.trim();
      if (text.length < 2) {
        results.replaceChildren();
        return;
      }
      pending = setTimeout(() => void lookUp(text), 250);
    },
  });
  /** Names matching `text`; only the answer to the latest question is shown. */
  async function lookUp(text: string): Promise<void> {
    const ticket = ++asked;
    try {
      const found = await searchLocalities(text, state.year);
      if (ticket !== asked) return;
      results.replaceChildren(
        ...(found.length === 0
          ? [h('li', {}, t.noMatches)]
          : found.map((row) =>
              h(
                'li',
                {},
                link({ ...state, locality: row.code }, row.name, { 'data-code': row.code }),
                ` (${row.code})`,
              ),
            )),
      );
    } catch {
      if (ticket === asked) results.replaceChildren(h('li', {}, t.platformDown));
    }
  }
  const year = h(
    'select',
    {
      id: 'year',
      onchange: () => go({ ...state, year: Number(year.value) }),
    },
    Array.from({ length: LAST_YEAR - FIRST_YEAR + 1 }, (_, index) => FIRST_YEAR + index).map(
      (value) => h('option', { value, selected: value === state.year }, value),
    ),
  );
  const other: Language = state.language === 'vi' ? 'en' : 'vi';
  controls.setAttribute('aria-label', t.filters);
  controls.replaceChildren(
    h(
      'div',
      { class: 'field search' },
      h('label', { for: 'locality-search' }, t.searchLocality),
      search,
      results,
    ),
    h('div', { class: 'field' }, h('label', { for: 'year' }, t.year), year),
    h(
      'div',
      { class: 'field actions' },
      link({ ...state, language: other }, t.otherLanguage, {
        lang: other,
        hreflang: other,
        class: 'button',
        id: 'language',
      }),
      h('button', { type: 'button', class: 'button', onclick: () => window.print() }, t.print),
    ),
  );
}

function renderBrand(t: Messages): void {
  brand.replaceChildren(
    h('p', { class: 'title' }, t.title),
    h('p', { class: 'subtitle' }, t.subtitle),
  );
}

function hierarchy(
  state: ViewState,
  locality: Locality,
  page: Page | null,
  t: Messages,
): HTMLElement {
  const trail = [...locality.ancestors].sort((a, b) => levelRank(a.level) - levelRank(b.level));
  return h(
    'nav',
    { class: 'hierarchy', 'aria-label': t.hierarchy },
    h(
      'ol',
      { class: 'breadcrumb' },
      trail.map((unit) => h('li', {}, link({ ...state, locality: unit.code }, unit.name))),
      h('li', {}, h('span', { 'aria-current': 'page' }, locality.name)),
    ),
    page && page.children.length > 0
      ? h(
          'details',
          { class: 'children no-print' },
          h('summary', {}, `${t.children} (${page.children.length})`),
          h(
            'ul',
            {},
            page.children.map((child) =>
              h(
                'li',
                {},
                link({ ...state, locality: child.code }, child.name, { 'data-code': child.code }),
              ),
            ),
          ),
        )
      : null,
  );
}

function levelRank(level: string): number {
  return level === 'PROVINCE' ? 0 : level === 'DISTRICT' ? 1 : 2;
}

function isPlatformDown(error: unknown): boolean {
  // A refusal names what was wrong with the question; anything else means no usable answer.
  return !(error instanceof GraphQLRequestError);
}

function problem(
  t: Messages,
  message: string,
  error: unknown,
  retry?: () => void,
  extra?: Node,
): HTMLElement {
  const requestId = error instanceof BinhDangError ? error.requestId : undefined;
  return h(
    'div',
    { class: 'problem', role: 'alert', 'data-testid': 'problem' },
    h('p', {}, message),
    requestId ? h('p', { class: 'muted' }, `${t.requestId}: `, h('code', {}, requestId)) : null,
    retry ? h('button', { type: 'button', class: 'button', onclick: retry }, t.retry) : null,
    extra ?? null,
  );
}

let shown = 0;

async function show(): Promise<void> {
  const ticket = ++shown;
  const state = readState(location.search);
  const t = MESSAGES[state.language];
  document.documentElement.lang = state.language;
  document.querySelector('.skip')!.textContent = t.skip;
  renderBrand(t);
  renderControls(state, t);
  colophon.replaceChildren(
    h('p', {}, t.source),
    h(
      'p',
      { class: 'print-only' },
      t.printedOn(formatDate(state.language, new Date().toISOString().slice(0, 10))),
    ),
  );
  main.setAttribute('aria-busy', 'true');
  main.replaceChildren(
    h(
      'p',
      { class: 'loading', role: 'status' },
      h('span', { class: 'spinner', 'aria-hidden': 'true' }),
      t.loading,
    ),
  );
  try {
    const [locality, labels] = await Promise.all([
      findLocality(state.locality, state.year),
      labelsFor(state.language),
    ]);
    if (ticket !== shown) return;
    if (!locality) {
      document.title = `${t.title} · ${state.locality}`;
      main.replaceChildren(
        problem(
          t,
          t.unknownLocality(state.locality),
          null,
          undefined,
          h('p', {}, link({ ...state, locality: '51' }, t.backToDefault)),
        ),
      );
      return;
    }
    const page = await loadPage(state, locality);
    if (ticket !== shown) return;
    render(state, page, labels, t);
  } catch (error) {
    if (ticket !== shown) return;
    const reason = refusal(error);
    main.replaceChildren(
      problem(
        t,
        isPlatformDown(error) || !reason ? t.platformDown : reason.message,
        error,
        () => void show(),
      ),
    );
  } finally {
    if (ticket === shown) main.setAttribute('aria-busy', 'false');
  }
}

function render(state: ViewState, page: Page, labels: Labels, t: Messages): void {
  const { locality } = page;
  document.title = `${t.title} · ${locality.name} · ${state.year}`;
  const context: Context = {
    state,
    t,
    labels,
    language: state.language,
    link,
    go,
    failed: (part: Part<unknown> & { ok: false }) => {
      const reason = refusal(part.error);
      return problem(t, `${t.sectionFailed}: ${reason?.message ?? t.platformDown}`, part.error);
    },
  };
  main.replaceChildren(
    h(
      'div',
      { class: 'heading' },
      h('h1', {}, `${t.title}: ${locality.name}, ${state.year}`),
      h(
        'p',
        { class: 'muted' },
        t.structureAsOf(formatDate(state.language, structureDate(state.year))),
      ),
      hierarchy(state, locality, page, t),
    ),
    attainmentSection(context, page.attainment),
    leadersSection(context, page),
    officialsSection(context, page),
    trainingSection(context, page),
    seriesSection(context, page),
  );
}

window.addEventListener('popstate', () => void show());
// On paper, the lists folded away on screen (units without a female key leader) are shown.
window.addEventListener('beforeprint', () =>
  document.querySelectorAll('main details').forEach((details) => {
    (details as HTMLDetailsElement).open = true;
  }),
);
void show();
