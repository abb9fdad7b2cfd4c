// The platform's explorer: GraphiQL bundled with every asset, so it works without internet.
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import 'graphiql/style.css';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import { DASHBOARD_TABS } from './dashboard-queries.js';

const endpoint = new URL('/graphql', window.location.origin).toString();
const fetcher = createGraphiQLFetcher({ url: endpoint });

// A share link carries the query and its variables in the address: ?query=…&variables=…
const shared = new URLSearchParams(window.location.search);
const sharedQuery = shared.get('query') ?? undefined;
const sharedVariables = shared.get('variables') ?? undefined;

function rememberInAddress(query?: string | null, variables?: string | null): void {
  const params = new URLSearchParams();
  if (query) params.set('query', query);
  if (variables && variables.trim() !== '') params.set('variables', variables);
  const search = params.toString();
  window.history.replaceState(null, '', search ? `?${search}` : window.location.pathname);
}

createRoot(document.getElementById('explorer')!).render(
  createElement(GraphiQL, {
    fetcher,
    defaultTabs: DASHBOARD_TABS,
    query: sharedQuery,
    variables: sharedVariables,
    defaultEditorToolsVisibility: sharedVariables ? 'variables' : true,
    shouldPersistHeaders: false,
    onTabChange: (state) => {
      const tab = state.tabs[state.activeTabIndex];
      if (tab) rememberInAddress(tab.query, tab.variables);
    },
  }),
);
