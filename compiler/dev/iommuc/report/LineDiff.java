package dev.iommuc.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified line diff ({@code diff -u} style, 3 lines of context): the fallback when two reports
 * differ in a way {@link ReportDiff} cannot name. Common head and tail are trimmed first; the middle
 * is aligned by a longest-common-subsequence table when it is small enough, else shown as one
 * replaced block — reports that differ that much are better regenerated than read line by line.
 */
public final class LineDiff {

    /** Above this many table cells (middle lines of one side × the other) the middle is not aligned. */
    private static final long MAX_CELLS = 1_000_000;
    private static final int CONTEXT = 3;

    private LineDiff() {
    }

    /** One line of the edit script: ' ' kept, '-' only in {@code a}, '+' only in {@code b}. */
    private record Edit(char op, String line, int aLine, int bLine) {
    }

    /** The unified diff of {@code a} (expected) against {@code b} (actual); empty when equal. */
    public static List<String> unified(String aName, String a, String bName, String b, int maxLines) {
        List<String> x = a.lines().toList();
        List<String> y = b.lines().toList();
        List<Edit> script = script(x, y);
        List<String> out = new ArrayList<>();
        if (script.stream().allMatch(e -> e.op() == ' ')) {
            return out;
        }
        out.add("--- " + aName);
        out.add("+++ " + bName);
        int i = 0;
        while (i < script.size()) {
            if (script.get(i).op() == ' ') {
                i++;
                continue;
            }
            int start = Math.max(0, i - CONTEXT);
            int end = i;
            // extend the hunk while the next change is within two context windows
            while (end < script.size()) {
                int next = end;
                while (next < script.size() && script.get(next).op() == ' ') {
                    next++;
                }
                if (next == script.size() || next - end > 2 * CONTEXT) {
                    end = Math.min(script.size(), end + CONTEXT);
                    break;
                }
                end = next + 1;
            }
            hunk(script.subList(start, end), out);
            i = end;
        }
        if (out.size() > maxLines) {
            int more = out.size() - maxLines;
            out.subList(maxLines, out.size()).clear();
            out.add("... " + more + " more diff lines");
        }
        return out;
    }

    private static void hunk(List<Edit> h, List<String> out) {
        int aStart = 0;
        int bStart = 0;
        int aLen = 0;
        int bLen = 0;
        for (Edit e : h) {
            if (e.op() != '+') {
                if (aLen++ == 0) aStart = e.aLine();
            }
            if (e.op() != '-') {
                if (bLen++ == 0) bStart = e.bLine();
            }
        }
        if (aLen == 0) aStart = h.get(0).aLine() - 1;
        if (bLen == 0) bStart = h.get(0).bLine() - 1;
        out.add("@@ -" + aStart + "," + aLen + " +" + bStart + "," + bLen + " @@");
        for (Edit e : h) {
            out.add(e.op() + e.line());
        }
    }

    private static List<Edit> script(List<String> x, List<String> y) {
        int head = 0;
        while (head < x.size() && head < y.size() && x.get(head).equals(y.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < x.size() - head && tail < y.size() - head
                && x.get(x.size() - 1 - tail).equals(y.get(y.size() - 1 - tail))) {
            tail++;
        }
        List<Edit> out = new ArrayList<>();
        for (int k = 0; k < head; k++) {
            out.add(new Edit(' ', x.get(k), k + 1, k + 1));
        }
        List<String> mx = x.subList(head, x.size() - tail);
        List<String> my = y.subList(head, y.size() - tail);
        if ((long) mx.size() * my.size() <= MAX_CELLS) {
            middle(mx, my, head, out);
        } else {
            for (int k = 0; k < mx.size(); k++) {
                out.add(new Edit('-', mx.get(k), head + k + 1, head + 1));
            }
            for (int k = 0; k < my.size(); k++) {
                out.add(new Edit('+', my.get(k), head + mx.size() + 1, head + k + 1));
            }
        }
        for (int k = tail; k > 0; k--) {
            out.add(new Edit(' ', x.get(x.size() - k), x.size() - k + 1, y.size() - k + 1));
        }
        return out;
    }

    /** LCS alignment of the untrimmed middles; {@code base} lines precede them on both sides. */
    private static void middle(List<String> x, List<String> y, int base, List<Edit> out) {
        int n = x.size();
        int m = y.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = x.get(i).equals(y.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && x.get(i).equals(y.get(j))) {
                out.add(new Edit(' ', x.get(i), base + i + 1, base + j + 1));
                i++;
                j++;
            } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
                // removals before additions, as diff -u prints a replaced block
                out.add(new Edit('-', x.get(i), base + i + 1, base + j + 1));
                i++;
            } else {
                out.add(new Edit('+', y.get(j), base + i + 1, base + j + 1));
                j++;
            }
        }
    }
}
