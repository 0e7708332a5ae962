/**
 * "Did you mean …?" for misspelled keys, fields and enumerated values: the closest candidate by edit distance,
 * or none when nothing is close enough to be a plausible typo.
 */

/**
 * Edits (insert, delete, substitute, swap two neighbours) between two words, ignoring case: `metricServerPort`
 * is one edit from `metricsServerPort`, `clustername` none from `clusterName`.
 */
export function editDistance(a: string, b: string): number {
    const s = a.toLowerCase();
    const t = b.toLowerCase();
    // d[i][j]: edits between the first i characters of s and the first j of t.
    const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= s.length; i++) {
        for (let j = 1; j <= t.length; j++) {
            const substitution = s[i - 1] === t[j - 1] ? 0 : 1;
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + substitution);
            if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
                d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[s.length][t.length];
}

/** How many edits still read as a typo of a word this long: one in short words, up to three in long ones. */
function tolerance(word: string): number {
    return word.length <= 4 ? 1 : word.length <= 8 ? 2 : 3;
}

/** The candidate closest to `word`, if it is within typo distance; the first one wins a tie. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const candidate of candidates) {
        const distance = editDistance(word, candidate);
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return bestDistance <= tolerance(word) ? best : undefined;
}
