import { describe, expect, it } from '@jest/globals';
import { barChart, columnChart } from './charts.js';

describe('chart geometry', () => {
  it('ends the scale at the capacity, not at a round number above it, or at the largest column when there is none', () => {
    const points = [{ at: 'a', values: [90, 20] }];
    const capacity = columnChart(points, 150);
    expect(capacity.ticks.map((tick) => tick.value)).toEqual([0, 75, 150]);
    expect(capacity.line!.y).toBe(capacity.plot.top);
    // The limit's label, above the plot, has room for the phone's 22-unit text.
    expect(capacity.plot.top).toBeGreaterThanOrEqual(22 + 5);
    expect(columnChart(points, 40).ticks.map((tick) => tick.value)).toEqual([0, 55, 110]);
    expect(columnChart(points).ticks.map((tick) => tick.value)).toEqual([0, 55, 110]);
    expect(columnChart(points, 7).ticks.map((tick) => tick.value)).toEqual([0, 55, 110]);
    expect(columnChart([{ at: 'a', values: [1] }], 7).ticks.map((tick) => tick.value)).toEqual([0, 7]);
  });

  it("stacks each column's values bottom up, to scale, with the limit line inside the picture", () => {
    const chart = columnChart(
      [
        { at: 'a', values: [3, 0] },
        { at: 'b', values: [6, 4] },
      ],
      6,
    );
    const [first, second] = chart.columns;
    const { top, bottom } = chart.plot;
    // To a tenth of a unit, as drawn.
    const at = (value: number) => Math.round(value * 10) / 10;
    const scale = (bottom - top) / 10;
    expect(first!.segments).toEqual([{ series: 0, value: 3, y: at(bottom - 3 * scale), height: at(3 * scale) }]);
    expect(second!.segments.map((segment) => [segment.y, segment.height])).toEqual([
      [at(bottom - 6 * scale), at(6 * scale)],
      [top, at(4 * scale)],
    ]);
    expect(chart.line).toEqual({ value: 6, y: at(bottom - 6 * scale) });
    expect(chart.ticks.map((tick) => tick.value)).toEqual([0, 5, 10]);
    expect(chart.labels.map((label) => [label.at, label.anchor])).toEqual([
      ['a', 'start'],
      ['b', 'end'],
    ]);
  });

  it('keeps whole numbers on the scale and narrow columns few', () => {
    const chart = columnChart([{ at: 'x', values: [3] }]);
    expect(chart.ticks.map((tick) => tick.value)).toEqual([0, 3]);
    expect(chart.columns[0]!.width).toBeLessThanOrEqual(60);
    expect(chart.labels).toEqual([expect.objectContaining({ anchor: 'middle' })]);
  });

  it('scales bars to the largest, and gives a zero no bar', () => {
    expect(
      barChart([
        { key: 'en', value: 10 },
        { key: 'es', value: 5 },
        { key: 'fr', value: 0 },
        { key: 'de', value: 0.01 },
      ]).map((bar) => bar.share),
    ).toEqual([100, 50, 0, 1]);
  });
});
