import type { Config } from 'vega-lite';
import { fontFamily } from '../fonts.js';

/**
 * The Okabe-Ito palette (Okabe and Ito 2008), safe for the common colour-vision deficiencies; every chart colour
 * comes from here or is a tint of it.
 */
export const okabeIto = {
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  green: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  purple: '#CC79A7',
  black: '#000000',
} as const;

/** The colours charts give meaning to. */
export const colors = {
  /** bars and points of the report's own scope */
  primary: okabeIto.blue,
  /** the province next to a region */
  comparison: '#A3A3A3',
  /** significantly above the province */
  above: okabeIto.blue,
  /** significantly below the province */
  below: okabeIto.vermillion,
  /** not significantly different */
  neutral: '#9A9A9A',
  /** the region a regional report is about, in the ranked plot */
  highlight: okabeIto.orange,
  /** reference lines (the provincial value) */
  reference: '#555555',
  text: '#222222',
  muted: '#666666',
  axis: '#8C8C8C',
  grid: '#E6E6E6',
} as const;

/** Diverging Likert colours from most negative to most positive, for 2 to 7 scale points (Okabe-Ito and tints). */
export function likertColors(points: number): string[] {
  const half = Math.min(3, Math.floor(points / 2));
  const negative = [okabeIto.vermillion, okabeIto.orange, '#F3CB8C'].slice(0, half);
  const positive = [okabeIto.blue, okabeIto.skyBlue, '#A9D8F1'].slice(0, half).reverse();
  return points % 2 === 1 ? [...negative, '#C4C4C4', ...positive] : [...negative, ...positive];
}

/** Sequential colours for heat maps, from white to the primary blue. */
export const sequentialRange = ['#F4F8FB', okabeIto.blue];

/** Total chart width in px: an A4 text column of about 166 mm is about 470 pt, and 1 px is drawn as 1 pt. */
export const chartWidth = 470;

/** Padding around every chart, in px, inside its width. */
export const chartPadding = 4;

/** Space between a band axis's labels and the plot, in px. */
export const bandLabelPadding = 6;

/** Type sizes in px (= pt in the PDF). */
export const fontSizes = { title: 11, subtitle: 8.5, label: 8.5, axisTitle: 8.5, value: 8, note: 8 } as const;

/** Layout constants shared by the spec builders. */
export const layout = {
  /** height of one bar band in px */
  band: 22,
  /** widest category label column, in px; longer labels wrap onto two lines, then are truncated */
  labelWidth: 150,
  /** line height of wrapped labels */
  labelLineHeight: 10,
  /** width left for value labels to the right of bars */
  valueGutter: 34,
} as const;

/** How low-base marks are drawn: faded, with a dashed outline, never solid. */
export const lowBaseStyle = { opacity: 0.35, strokeDash: [3, 2] as number[], strokeWidth: 1 } as const;

/** The one Vega-Lite config every chart uses: Noto Sans SC everywhere, light axes, no grid clutter, no frame. */
export const chartConfig: Config = {
  font: fontFamily,
  background: 'white',
  padding: chartPadding,
  view: { stroke: null },
  title: {
    font: fontFamily,
    fontSize: fontSizes.title,
    fontWeight: 'bold',
    color: colors.text,
    anchor: 'start',
    frame: 'bounds',
    offset: 8,
    subtitleFont: fontFamily,
    subtitleFontSize: fontSizes.subtitle,
    subtitleColor: colors.muted,
    subtitlePadding: 3,
    lineHeight: 14,
    subtitleLineHeight: 11,
  },
  axis: {
    labelFont: fontFamily,
    titleFont: fontFamily,
    labelFontSize: fontSizes.label,
    titleFontSize: fontSizes.axisTitle,
    titleFontWeight: 'normal',
    titleColor: colors.muted,
    labelColor: colors.text,
    domainColor: colors.axis,
    tickColor: colors.axis,
    grid: false,
    labelPadding: 4,
    tickSize: 3,
  },
  axisQuantitative: { grid: true, gridColor: colors.grid, gridWidth: 0.6, domain: false, ticks: false, tickCount: 5 },
  axisBand: { ticks: false, domain: false, labelPadding: bandLabelPadding },
  legend: {
    labelFont: fontFamily,
    titleFont: fontFamily,
    labelFontSize: fontSizes.label,
    titleFontSize: fontSizes.label,
    titleFontWeight: 'normal',
    labelColor: colors.text,
    titleColor: colors.muted,
    orient: 'top',
    direction: 'horizontal',
    symbolSize: 70,
    symbolStrokeWidth: 0,
    columnPadding: 10,
    offset: 6,
    labelLimit: 180,
  },
  header: { labelFont: fontFamily, titleFont: fontFamily, labelFontSize: fontSizes.label, labelColor: colors.text },
  text: { font: fontFamily, fontSize: fontSizes.value, color: colors.text },
  bar: { color: colors.primary },
  point: { color: colors.primary, filled: true, size: 40 },
  rule: { color: colors.reference },
  line: { color: colors.primary, strokeWidth: 1.8 },
  range: { category: Object.values(okabeIto) },
};
