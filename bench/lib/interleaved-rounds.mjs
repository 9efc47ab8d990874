/**
 * Runs `measure(label)` for every label of `groups`, group after group, `runs` times, and returns
 * the samples of each label. Every other round reverses the order inside each group, so neither
 * side of a comparison always meets a warmer server. A measurement that returns nothing (one that
 * failed and was reported by `measure`) adds no sample.
 */
export async function measureInterleaved({ groups, runs, measure }) {
  const samples = Object.fromEntries(groups.flat().map((label) => [label, []]));
  for (let round = 0; round < runs; round++) {
    for (const label of groups.flatMap((group) => (round % 2 === 0 ? group : [...group].reverse()))) {
      const sample = await measure(label);
      if (sample) samples[label].push(sample);
    }
  }
  return samples;
}
