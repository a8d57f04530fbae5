/**
 * Thinning a long per-iteration series for plotting: 10,000 losses would make
 * every saved notebook heavy and the curve a noisy band. Means of consecutive
 * blocks keep the shape (and smooth it, which is what one reads a loss curve
 * for) with a bounded number of points.
 */

export interface Decimated {
  /** The position of each point: the middle iteration of its block. */
  x: number[];
  /** The mean of each block's finite values; null (a gap) if it has none. */
  y: Array<number | null>;
  /** How many iterations each point stands for (1: nothing was thinned). */
  blockSize: number;
}

/** At most `maxPoints` points from `values`, as means of equal blocks. */
export function blockMeans(values: readonly number[], maxPoints: number): Decimated {
  if (!(maxPoints >= 1)) throw new RangeError(`maxPoints must be at least 1, got ${maxPoints}`);
  const blockSize = Math.max(1, Math.ceil(values.length / Math.floor(maxPoints)));
  const x: number[] = [];
  const y: Array<number | null> = [];
  for (let start = 0; start < values.length; start += blockSize) {
    const end = Math.min(start + blockSize, values.length);
    let sum = 0;
    let count = 0;
    for (let i = start; i < end; i++) {
      // A diverged step (NaN or Infinity) would blank or flatten the whole block.
      if (Number.isFinite(values[i])) {
        sum += values[i];
        count++;
      }
    }
    x.push((start + end - 1) / 2);
    y.push(count > 0 ? sum / count : null);
  }
  return { x, y, blockSize };
}
