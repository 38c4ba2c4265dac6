/**
 * Runs `run` over the items on at most `lanes` concurrent lanes, each taking the next item when it
 * is free (so the longest items go first), and returns the results in the items' order. For batch
 * steps that are independent statements: each lane holds one pool connection.
 */
export async function inLanes<T, R>(lanes: number, items: readonly T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(lanes, items.length)) }, lane));
  return results;
}
