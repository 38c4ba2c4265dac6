import { describe, expect, it } from 'vitest';
import { inLanes } from './lanes.js';

describe('inLanes', () => {
  it('runs every item once, at most `lanes` at a time, and keeps the order of the results', async () => {
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const results = await inLanes(2, [30, 10, 10, 10, 5], async (ms) => {
      started.push(ms);
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running -= 1;
      return ms * 2;
    });
    expect(results).toEqual([60, 20, 20, 20, 10]);
    expect(started).toHaveLength(5);
    expect(most).toBe(2);
  });

  it('gives nothing for no items', async () => {
    expect(await inLanes(2, [], async () => 1)).toEqual([]);
  });
});
