package dev.iommuc.diag;

import java.util.function.BiFunction;

/**
 * Renders diagnostics as text in the google-java-format style: the headline
 * ({@code file:line:col: error[check]: message}), the source line and a caret under the column,
 * then notes ("included from …", "also defined at …").
 */
public final class DiagnosticRenderer {

    /** Looks up a line (1-based) of a file; returns null when the text is not available. */
    private final BiFunction<String, Integer, String> lines;

    public DiagnosticRenderer(BiFunction<String, Integer, String> lines) {
        this.lines = lines;
    }

    public String render(Diagnostic d) {
        StringBuilder sb = new StringBuilder(d.headline()).append('\n');
        appendSource(sb, d.pos());
        for (SourcePos f = d.pos().from(); f != null; f = f.from()) {
            sb.append(f).append(": note: included from here\n");
        }
        for (Diagnostic.Note n : d.notes()) {
            sb.append(n.pos()).append(": note: ").append(n.message()).append('\n');
        }
        return sb.toString();
    }

    private void appendSource(StringBuilder sb, SourcePos pos) {
        if (!pos.known()) {
            // a binary input: name the byte offset instead of quoting a line
            if (pos.col() > 0) {
                sb.append(String.format("  at byte offset 0x%x%n", pos.col() - 1));
            }
            return;
        }
        String text = lines.apply(pos.file(), pos.line());
        if (text == null) {
            return;
        }
        String shown = text.replace('\t', ' ');
        sb.append("  ").append(shown).append('\n');
        int col = Math.max(1, pos.col());
        int width = pos.endLine() == pos.line() && pos.endCol() >= col ? pos.endCol() - col + 1 : 1;
        width = Math.max(1, Math.min(width, Math.max(1, shown.length() - col + 1)));
        sb.append("  ").append(" ".repeat(col - 1)).append("^").append("~".repeat(width - 1)).append('\n');
    }
}
