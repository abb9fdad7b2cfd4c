import * as Plot from '@observablehq/plot';
import { h } from './dom.js';

// Colours with at least 3:1 contrast against white and apart from each other for common colour
// blindness; every chart also names its figures in a table beside it.
export const COLOURS = {
  met: '#1b7837',
  notMet: '#b2182b',
  noData: '#6b6b6b',
  women: '#7b3294',
  men: '#2166ac',
  accent: '#8c510a',
};

/**
 * A chart as a figure: the SVG is an image named by its caption (screen readers read the table
 * that follows instead of the marks).
 */
export function figure(
  caption: string,
  chart: SVGSVGElement | HTMLElement,
  testId?: string,
): HTMLElement {
  const svgs = chart instanceof SVGSVGElement ? [chart] : [...chart.querySelectorAll('svg')];
  svgs.forEach((svg, index) => {
    // Inside an image, the marks' own names (Plot labels each group "bar", "rule"…) mean nothing.
    svg.querySelectorAll('[aria-label], [aria-description]').forEach((mark) => {
      mark.removeAttribute('aria-label');
      mark.removeAttribute('aria-description');
    });
    if (index === svgs.length - 1) {
      svg.setAttribute('role', 'img');
      svg.setAttribute('aria-label', caption);
    } else {
      // A legend's colour swatches: its text says the same.
      svg.setAttribute('aria-hidden', 'true');
    }
  });
  return h(
    'figure',
    { class: 'chart', 'data-testid': testId },
    chart,
    h('figcaption', {}, caption),
  );
}

export interface StackedRow {
  label: string;
  series: string;
  value: number;
}

export function stackedBars(
  rows: StackedRow[],
  colours: Record<string, string>,
  width = 640,
): SVGSVGElement {
  const labels = [...new Set(rows.map((row) => row.label))];
  return Plot.plot({
    width,
    height: 40 + labels.length * 28,
    marginLeft: 200,
    x: { label: null, grid: true, tickFormat: 'd' },
    y: { label: null, domain: labels },
    color: { domain: Object.keys(colours), range: Object.values(colours), legend: true },
    marks: [Plot.barX(rows, { x: 'value', y: 'label', fill: 'series' }), Plot.ruleX([0])],
  }) as SVGSVGElement;
}

export function shareBars(
  rows: { label: string; share: number }[],
  colour: string,
  width = 640,
): SVGSVGElement {
  return Plot.plot({
    width,
    height: 40 + rows.length * 24,
    marginLeft: 200,
    x: { label: null, domain: [0, 1], percent: false, tickFormat: '.0%', grid: true },
    y: { label: null, domain: rows.map((row) => row.label) },
    marks: [
      Plot.barX(rows, { x: 'share', y: 'label', fill: colour }),
      Plot.text(rows, {
        x: 'share',
        y: 'label',
        text: (row: { share: number }) => `${Math.round(row.share * 100)}%`,
        dx: 4,
        textAnchor: 'start',
        fill: '#1a1a1a',
      }),
      Plot.ruleX([0]),
    ],
  }) as SVGSVGElement;
}

export function groupedBars(
  rows: { group: string; series: string; value: number }[],
  colours: Record<string, string>,
  width = 640,
): SVGSVGElement {
  return Plot.plot({
    width,
    height: 260,
    x: { label: null },
    fx: { label: null },
    y: { label: null, grid: true },
    color: { domain: Object.keys(colours), range: Object.values(colours), legend: true },
    marks: [
      Plot.barY(rows, { fx: 'group', x: 'series', y: 'value', fill: 'series' }),
      Plot.ruleY([0]),
    ],
  }) as SVGSVGElement;
}

export interface SeriesChart {
  points: { year: number; value: number }[];
  target2025: number | null;
  target2030: number | null;
  projection: { year: number; value: number }[];
  labels: { value: string; target2025: string; target2030: string; projection: string };
}

export function seriesChart(input: SeriesChart, width = 640): SVGSVGElement {
  const targets = [
    { year: 2025, value: input.target2025, label: input.labels.target2025 },
    { year: 2030, value: input.target2030, label: input.labels.target2030 },
  ].filter(
    (target): target is { year: number; value: number; label: string } => target.value !== null,
  );
  return Plot.plot({
    width,
    height: 280,
    x: { label: null, tickFormat: 'd', domain: [2021, 2030] },
    y: { label: null, grid: true, nice: true, zero: false },
    marks: [
      Plot.ruleY(targets, { y: 'value', stroke: COLOURS.accent, strokeDasharray: '2,3' }),
      Plot.text(targets, {
        x: 2021,
        y: 'value',
        text: 'label',
        dy: -6,
        textAnchor: 'start',
        fill: COLOURS.accent,
      }),
      Plot.line(input.projection, {
        x: 'year',
        y: 'value',
        stroke: COLOURS.men,
        strokeDasharray: '6,4',
      }),
      Plot.line(input.points, { x: 'year', y: 'value', stroke: COLOURS.women, strokeWidth: 2 }),
      Plot.dot(input.points, { x: 'year', y: 'value', fill: COLOURS.women, r: 4 }),
    ],
  }) as SVGSVGElement;
}
