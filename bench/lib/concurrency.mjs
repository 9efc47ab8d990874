/**
 * Calls `task(index)` for every index below `count`, at most `concurrency` calls at a time (a
 * fixed pool of loops, so thousands of small requests never pile up at once).
 */
export async function forEachConcurrently(count, concurrency, task) {
  let next = 0;
  const loop = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
}
