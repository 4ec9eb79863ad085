import { describe, expect, it } from '@jest/globals';
import { barChart, columnChart, niceCeiling } from './charts.js';

describe('chart geometry', () => {
  it('rounds a scale up to 1, 2 or 5 times a power of ten', () => {
    expect([0, 1, 3, 6, 11, 150, 151, 2000].map(niceCeiling)).toEqual([1, 1, 5, 10, 20, 200, 200, 2000]);
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
    expect(chart.ticks.map((tick) => tick.value)).toEqual([0, 5]);
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
