import { describe, expect, it } from '@jest/globals';
import { normalizeCheckInCode, newCheckInCode } from './check-in-codes.js';
import { csvCell, csvRow } from './csv.js';

describe('CSV cells', () => {
  it('keeps formulas as text and quotes what RFC 4180 requires', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+33 6 12')).toBe("'+33 6 12");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('=HYPERLINK("x","y")')).toBe(`"'=HYPERLINK(""x"",""y"")"`);
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(-3)).toBe('-3');
    expect(csvRow(['María', 2])).toBe('María,2\r\n');
  });
});

describe('check-in codes', () => {
  it('are three and three characters from an alphabet without look-alikes', () => {
    for (let i = 0; i < 200; i++) expect(newCheckInCode()).toMatch(/^[ACDEFHJKMNPQRTUVWXY3479]{3}-[ACDEFHJKMNPQRTUVWXY3479]{3}$/);
  });

  it('accept what people type', () => {
    expect(normalizeCheckInCode(' k7p 4qx ')).toBe('K7P-4QX');
    expect(normalizeCheckInCode('K7P4QX')).toBe('K7P-4QX');
    expect(normalizeCheckInCode('K0P-4QX')).toBeUndefined();
    expect(normalizeCheckInCode('K7P-4Q')).toBeUndefined();
  });
});
