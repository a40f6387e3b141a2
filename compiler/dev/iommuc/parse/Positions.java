package dev.iommuc.parse;

import dev.iommuc.diag.SourcePos;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

import java.nio.file.Path;

/** Maps ANTLR tokens (positions in the lexer's text) to original-file positions via the {@link LineMap}. */
final class Positions {

    private final LineMap map;
    private final Path baseDir;

    Positions(LineMap map, Path baseDir) {
        this.map = map;
        this.baseDir = baseDir;
    }

    Path baseDir() {
        return baseDir;
    }

    SourcePos of(Token t) {
        int col = t.getCharPositionInLine() + 1;
        String text = t.getText();
        int len = text == null ? 1 : text.length();
        if (text != null && text.indexOf('\n') >= 0) {
            return map.pos(t.getLine(), col);
        }
        return map.span(t.getLine(), col, t.getLine(), col + Math.max(0, len - 1));
    }

    /** As {@link #of(Token)} for token {@code k} of {@code lx} (not its EOF token), without making the token. */
    SourcePos of(Lexed lx, int k) {
        int line = lx.line(k);
        int col = lx.col(k) + 1;
        int from = lx.start(k);
        int to = lx.end(k);
        String text = lx.source();
        for (int i = from; i < to; i++) {
            // only within the token: a search to the next line break would read the rest of the line
            if (text.charAt(i) == '\n') {
                return map.pos(line, col);
            }
        }
        return map.span(line, col, line, col + Math.max(0, to - from - 1));
    }

    SourcePos of(ParserRuleContext ctx) {
        Token a = ctx.getStart();
        Token b = ctx.getStop();
        if (b == null || b.getType() == Token.EOF) {
            return of(a);
        }
        String bt = b.getText();
        int endCol = b.getCharPositionInLine() + (bt == null ? 1 : bt.length());
        return map.span(a.getLine(), a.getCharPositionInLine() + 1, b.getLine(), endCol);
    }
}
