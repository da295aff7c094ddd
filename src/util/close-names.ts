/**
 * "Did you mean" suggestions: names close to a mistyped one, by edit distance. Used wherever a
 * user's name is compared with the names that exist (CLI commands, options, tools, arguments,
 * and the keys of a component's options at registration).
 */

/** Names close to `name` (typos and partial names), best first. */
export function closeNames(name: string, candidates: readonly string[]): string[] {
  const lower = name.toLowerCase();
  return candidates
    .map((candidate) => {
      const c = candidate.toLowerCase();
      // A part of a name counts as close, unless it is too short to mean anything.
      const contained = Math.min(c.length, lower.length) >= 3 && (c.includes(lower) || lower.includes(c));
      const distance = contained ? 1 : editDistance(lower, c);
      return { candidate, distance };
    })
    .filter(({ distance, candidate }) => distance <= Math.max(2, Math.floor(candidate.length / 3)))
    .sort((a, b) => a.distance - b.distance)
    .map(({ candidate }) => candidate);
}

/** Levenshtein distance, with a transposition ("inptu" -> "input") counted as one edit. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, j) => j)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j], rows[i - 2][j - 2] + 1);
    }
    rows.push(row);
  }
  return rows[a.length][b.length];
}
