package io.fulcrum.config;

import java.util.Collection;
import java.util.Optional;

/**
 * "Did you mean" for misspelt keywords and values: the closest candidate by optimal string alignment distance
 * (Damerau-Levenshtein with adjacent transpositions), accepted when the distance is small for the word's length,
 * or when one is a prefix of the other ({@code persistence_time} for {@code persistence_timeout}).
 */
public final class Suggestions {

    private Suggestions() {
    }

    public static Optional<String> didYouMean(String word, Collection<String> candidates) {
        if (word.length() > 64) {
            return Optional.empty();
        }
        String best = null;
        int bestScore = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(word, c);
            boolean prefix = word.length() >= 4 && c.length() >= 4 && (c.startsWith(word) || word.startsWith(c));
            int limit = Math.max(2, Math.min(word.length(), c.length()) / 3);
            if (d <= limit || prefix) {
                int score = prefix ? Math.min(d, limit) : d;
                if (score < bestScore || (score == bestScore && best != null && c.compareTo(best) < 0)) {
                    best = c;
                    bestScore = score;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** Optimal string alignment distance. */
    static int distance(String a, String b) {
        int n = a.length();
        int m = b.length();
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= m; j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[n][m];
    }
}
