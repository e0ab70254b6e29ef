import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apportion, splitCells } from './apportion.js';

describe('apportion', () => {
  it('splits the State stock by public exactly as the programme did', () => {
    const publics = [258_800, 100_100, 17_400, 24_920];
    expect(apportion(401_220, publics)).toEqual(publics);
    expect(apportion(1_000, publics)).toEqual([645, 250, 43, 62]);
  });

  it('always sums to the total, each part within one of its exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500_000 }),
        fc.array(fc.integer({ min: 0, max: 300_000 }), { minLength: 1, maxLength: 12 }),
        (total, weights) => {
          fc.pre(weights.some((weight) => weight > 0));
          const parts = apportion(total, weights);
          const sum = weights.reduce((a, b) => a + b, 0);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          parts.forEach((part, index) => {
            expect(Math.abs(part * sum - total * weights[index]!)).toBeLessThan(sum);
          });
        },
      ),
    );
  });
});

describe('splitCells', () => {
  it('shares every cell out and gives each recipient exactly its target', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20_000 }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 6 }),
        (cells, weights) => {
          const total = cells.reduce((a, b) => a + b, 0);
          const targets = apportion(total, weights);
          const grid = splitCells(cells, targets);
          grid.forEach((row, index) => expect(row.reduce((a, b) => a + b, 0)).toBe(cells[index]));
          targets.forEach((target, recipient) =>
            expect(grid.reduce((sum, row) => sum + row[recipient]!, 0)).toBe(target),
          );
          for (const row of grid) for (const part of row) expect(part).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });

  it('refuses targets that do not add up to the cells', () => {
    expect(() => splitCells([10, 5], [10, 4])).toThrow('cells hold 15, targets ask 14');
  });
});
