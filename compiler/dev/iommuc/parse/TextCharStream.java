package dev.iommuc.parse;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.IntStream;
import org.antlr.v4.runtime.misc.Interval;

/**
 * The lexer's text as an ANTLR {@link CharStream} without copying it: {@link DtsTokenSource} lexes the
 * String itself, so the stream only serves token texts ({@code getText(Interval)}) and positions.
 * Indices are char indices, which is what DtsTokenSource's offsets are (ANTLR's own
 * {@code CodePointCharStream} would count a surrogate pair as one and copy the text into a buffer).
 */
final class TextCharStream implements CharStream {

    private final String text;
    private int p;

    TextCharStream(String text) {
        this.text = text;
    }

    @Override
    public String getText(Interval interval) {
        int start = Math.max(0, interval.a);
        int stop = Math.min(interval.b, text.length() - 1);
        return start > stop ? "" : text.substring(start, stop + 1);
    }

    @Override
    public void consume() {
        if (p >= text.length()) {
            throw new IllegalStateException("cannot consume EOF");
        }
        p++;
    }

    @Override
    public int LA(int i) {
        if (i == 0) {
            return 0;
        }
        int at = i > 0 ? p + i - 1 : p + i;
        return at < 0 || at >= text.length() ? IntStream.EOF : text.charAt(at);
    }

    @Override
    public int mark() {
        return -1;
    }

    @Override
    public void release(int marker) {
    }

    @Override
    public int index() {
        return p;
    }

    @Override
    public void seek(int index) {
        p = Math.min(Math.max(0, index), text.length());
    }

    @Override
    public int size() {
        return text.length();
    }

    @Override
    public String getSourceName() {
        return IntStream.UNKNOWN_SOURCE_NAME;
    }
}
