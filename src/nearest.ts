/**
 * The word someone probably meant: `/finding lsit` is /finding list. Typos in chat are mostly one
 * letter wrong, missing, extra or two swapped, so the distance counts a swap as one edit (the optimal
 * string alignment distance), and a suggestion is made only when it is close and unambiguous.
 */

/** Edits (insert, delete, replace, swap two neighbours) that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  // Three rows of the table suffice: a swap looks two rows back.
  let before: number[] = [];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) row[j] = Math.min(row[j]!, before[j - 2]! + 1);
    }
    before = previous;
    previous = row;
  }
  return previous[y.length]!;
}

/**
 * The one candidate closest to `typed`, when it is close: one edit for a word of up to four letters,
 * two for a longer one. Several equally close candidates suggest none, rather than a guess.
 */
export function nearest(typed: string, candidates: readonly string[]): string | undefined {
  const word = typed.toLowerCase();
  const allowed = [...word].length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = allowed + 1;
  let tied = false;
  for (const candidate of new Set(candidates)) {
    const d = editDistance(word, candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance, tied] = [candidate, d, false];
    else if (d === bestDistance) tied = true;
  }
  return best !== undefined && !tied && bestDistance > 0 ? best : undefined;
}
