import { describe, expect, it } from 'vitest';
import { columnLetters, formatThousands, toExcelSerial } from '../../inputs/generate-heilongjiang/cells.js';
import { Random, deriveSeed } from '../../inputs/generate-heilongjiang/random.js';

describe('the example generator helpers', () => {
  it('draws the same numbers from the same seed and different ones from another', () => {
    const draw = (seed: number) => {
      const rng = new Random(seed);
      return Array.from({ length: 5 }, () => rng.next());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
    expect(deriveSeed(1, '230100')).not.toBe(deriveSeed(1, '230200'));
  });

  it('formats numbers the way field offices type them', () => {
    expect(formatThousands(1234)).toBe('1,234');
    expect(formatThousands(12345.6)).toBe('12,345.6');
    expect(formatThousands(999)).toBe('999');
    expect(formatThousands(-1234567)).toBe('-1,234,567');
  });

  it('names columns and dates as Excel does', () => {
    expect([0, 25, 26, 44].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AS']);
    expect(toExcelSerial(new Date(Date.UTC(2026, 6, 1)))).toBe(46204);
  });

});
