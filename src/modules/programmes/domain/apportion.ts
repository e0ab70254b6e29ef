// Splitting a whole number of tickets by weights, in integers only (the demo's split of the State's stock,
// and any "split proportionally" a programme administrator asks for).

/**
 * Largest-remainder apportionment: parts summing exactly to `total`, each within one of its exact share.
 * Ties go to the earlier weight, so the result is deterministic.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError('total must be a non-negative integer');
  if (weights.some((weight) => !Number.isSafeInteger(weight) || weight < 0))
    throw new RangeError('weights must be non-negative integers');
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) {
    if (total === 0) return weights.map(() => 0);
    throw new RangeError('cannot split a positive total with zero weights');
  }
  if (!Number.isSafeInteger(total * sum)) throw new RangeError('total × weights is too large');
  const parts = weights.map((weight) => Math.floor((total * weight) / sum));
  const remainders = weights.map((weight, index) => ({ index, remainder: (total * weight) % sum }));
  remainders.sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  let left = total - parts.reduce((a, b) => a + b, 0);
  for (const { index } of remainders) {
    if (left === 0) break;
    parts[index]! += 1;
    left -= 1;
  }
  return parts;
}

/**
 * Splits each cell (an event and category's stock) among recipients so that every cell is shared out exactly
 * and each recipient receives exactly its target overall. Needs Σ targets = Σ cells. Each cell is split by
 * the targets, then single tickets move between recipients to correct the small rounding differences.
 */
export function splitCells(cells: readonly number[], targets: readonly number[]): number[][] {
  const totalCells = cells.reduce((a, b) => a + b, 0);
  const totalTargets = targets.reduce((a, b) => a + b, 0);
  if (totalCells !== totalTargets)
    throw new RangeError(`cells hold ${totalCells}, targets ask ${totalTargets}`);
  const grid = cells.map((cell) => apportion(cell, targets));
  const received = targets.map((_, recipient) => grid.reduce((sum, row) => sum + row[recipient]!, 0));
  for (let needy = 0; needy < targets.length; needy += 1) {
    while (received[needy]! < targets[needy]!) {
      const donor = received.findIndex((got, index) => got > targets[index]!);
      const cell = grid.findIndex((row) => row[donor]! > 0);
      grid[cell]![donor]! -= 1;
      grid[cell]![needy]! += 1;
      received[donor]! -= 1;
      received[needy]! += 1;
    }
  }
  return grid;
}
