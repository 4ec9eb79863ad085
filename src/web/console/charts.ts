/**
 * The geometry of the console's charts, which templates/pages/partials/chart-*.hbs draw as SVG:
 * no chart library, nothing from elsewhere, and every number also in a table beside the picture.
 * Bars keep their names and numbers in the page's own text, so they stay legible on a phone.
 */

/** The SVG's own units; it scales to the width it is given. */
const CHART_WIDTH = 640;
// Room above the plot for the limit's label (partials/chart-columns.hbs), clear of every column.
const PLOT = { left: 48, right: CHART_WIDTH - 8, top: 32, bottom: 190 };
/** A few columns stay columns, not slabs. */
const MAX_COLUMN_WIDTH = 60;

/** A tenth of a unit is finer than any screen shows. */
const round = (value: number) => Math.round(value * 10) / 10;

export interface Segment {
  series: number;
  value: number;
  y: number;
  height: number;
}

export interface Column {
  at: string;
  values: number[];
  x: number;
  width: number;
  segments: Segment[];
}

export interface ColumnChart {
  width: number;
  height: number;
  plot: typeof PLOT;
  columns: Column[];
  /** Gridlines at zero, half (when whole) and the top of the scale. */
  ticks: { y: number; value: number }[];
  /** A limit drawn across the columns, such as the capacity. */
  line?: { y: number; value: number };
  /** Where the first, middle and last columns are, for the axis's few labels. */
  labels: { x: number; at: string; anchor: 'start' | 'middle' | 'end' }[];
  tickX: number;
  labelY: number;
}

export interface Bar {
  key: string;
  value: number;
  share: number;
}

/**
 * Stacked columns in time order (each point's values bottom up), with an optional limit line.
 * The scale ends at the limit (a forum of 40 seats reads against 40, not against a round 50),
 * or at the largest column when there is none or the columns pass it.
 */
export function columnChart(points: { at: string; values: number[] }[], limit?: number | null): ColumnChart {
  const totals = points.map((point) => point.values.reduce((sum, value) => sum + value, 0));
  const top = Math.max(limit ?? 0, ...totals, 1);
  const plotHeight = PLOT.bottom - PLOT.top;
  const yOf = (value: number) => PLOT.bottom - (value / top) * plotHeight;
  const step = (PLOT.right - PLOT.left) / Math.max(points.length, 1);
  const width = Math.min(MAX_COLUMN_WIDTH, Math.max(1, step * 0.8));
  const columns = points.map((point, index) => {
    const x = PLOT.left + index * step + (step - width) / 2;
    let base = 0;
    const segments = point.values.map((value, series) => {
      const segment = { series, value, y: round(yOf(base + value)), height: round((value / top) * plotHeight) };
      base += value;
      return segment;
    });
    return {
      at: point.at,
      values: point.values,
      x: round(x),
      width: round(width),
      segments: segments.filter((segment) => segment.value > 0),
    };
  });
  // The ends, and the middle when there is room for it between them.
  const middle = columns.length >= 7 ? [Math.floor((columns.length - 1) / 2)] : [];
  const labelled = [...new Set([0, ...middle, columns.length - 1])].filter((index) => columns[index]);
  return {
    width: CHART_WIDTH,
    height: PLOT.bottom + 30,
    plot: PLOT,
    columns,
    // Counts are whole: no gridline at half of an odd top.
    ticks: (top % 2 === 0 ? [0, top / 2, top] : [0, top]).map((value) => ({ value, y: round(yOf(value)) })),
    line: limit ? { value: limit, y: round(yOf(limit)) } : undefined,
    // The first label starts at its column and the last ends at its own, so neither leaves the picture.
    labels: labelled.map((index) => {
      const column = columns[index]!;
      const anchor = index === 0 && columns.length > 1 ? 'start' : index === columns.length - 1 && columns.length > 1 ? 'end' : 'middle';
      const x = anchor === 'start' ? column.x : anchor === 'end' ? column.x + width : column.x + width / 2;
      return { x: round(x), at: column.at, anchor };
    }),
    tickX: PLOT.left - 6,
    labelY: PLOT.bottom + 20,
  };
}

/** Horizontal bars, one per entry, each as a share (0 to 100) of the largest; a zero has none. */
export function barChart(entries: { key: string; value: number }[]): Bar[] {
  const largest = Math.max(...entries.map((entry) => entry.value), 1);
  return entries.map((entry) => ({ ...entry, share: entry.value > 0 ? Math.max(round((entry.value / largest) * 100), 1) : 0 }));
}
