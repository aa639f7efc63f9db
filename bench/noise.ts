/**
 * The machine's own jitter: the same half-millisecond of CPU work (parsing a fixed JSON text), timed
 * 3,000 times. On an idle machine p99 is close to p50; other processes, CPU steal and the kernel make
 * it grow, and every p99 in the table grows with it.
 */
export function measureNoise(count = 3000): number[] {
  const text = JSON.stringify(Array.from({ length: 200 }, (_, n) => ({ n, unit: '东关村', category: '作风建设', state: 'draft', clue: false, author: 'console:t7-m1' })));
  const samples: number[] = [];
  for (let j = 0; j < count; j++) {
    const started = performance.now();
    for (let k = 0; k < 8; k++) JSON.parse(text);
    samples.push(performance.now() - started);
  }
  return samples;
}
