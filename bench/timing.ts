/** Seconds one run takes, the median of `repeat` runs after one that warms the cache and the plan. */
export async function medianSeconds(run: () => Promise<unknown>, repeat: number): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const started = performance.now();
    await run();
    times.push((performance.now() - started) / 1000);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}
