package dev.iommuc.parse;

import dev.iommuc.diag.SourcePos;

import java.util.Arrays;

/**
 * Maps a line of the text the lexer sees back to the original file and line, as dtc does with cpp
 * line markers ({@code # 12 "board.dts" 1}). Each line also knows its include trail (flag 1 of a
 * marker pushes a file, flag 2 returns), which diagnostics show as notes.
 */
public final class LineMap {

    /** One level of the include trail: {@code file} was entered from {@code from} (null at the top). */
    public record Frame(String file, SourcePos from, Frame parent) {
    }

    private Frame[] frames;
    private int[] lines;
    private int count;


    /** A map with room for about {@code lines} lines before it grows. */
    LineMap(int lines) {
        this.frames = new Frame[Math.max(16, lines)];
        this.lines = new int[Math.max(16, lines)];
    }

    /** Records that the next lexer line (1-based, sequential) is {@code line} of the frame's file. */
    void add(Frame frame, int line) {
        if (count == lines.length) {
            lines = Arrays.copyOf(lines, count * 2);
            frames = Arrays.copyOf(frames, count * 2);
        }
        frames[count] = frame;
        lines[count] = line;
        count++;
    }

    public int size() {
        return count;
    }

    /** The frame of lexer line {@code line} (1-based), clamped as {@link #pos} clamps; null for an empty map. */
    Frame frameOf(int line) {
        return count == 0 ? null : frames[line < 1 || line > count ? count - 1 : line - 1];
    }

    /** The original line number of lexer line {@code line}, clamped likewise. */
    int lineOf(int line) {
        return count == 0 ? 0 : lines[line < 1 || line > count ? count - 1 : line - 1];
    }

    /** Original position of lexer line {@code line} (1-based), column {@code col} (1-based). */
    public SourcePos pos(int line, int col) {
        if (count == 0) {
            return SourcePos.UNKNOWN;
        }
        int i = line < 1 || line > count ? count - 1 : line - 1;
        int l = lines[i];
        return new SourcePos(frames[i].file(), l, col, l, col, frames[i].from());
    }

    /** Span from lexer (line, col) to (endLine, endCol), mapped; the end is clipped to the start's file. */
    public SourcePos span(int line, int col, int endLine, int endCol) {
        SourcePos a = pos(line, col);
        SourcePos b = pos(endLine, endCol);
        return a.file().equals(b.file()) ? new SourcePos(a.file(), a.line(), a.col(), b.line(), b.col(), a.from()) : a;
    }
}
