package dev.iommuc.parse;

import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.SourcePos;
import dev.iommuc.grammar.DtsParser;
import dev.iommuc.model.Data;
import dev.iommuc.model.DataBuilder;
import dev.iommuc.model.Marker;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.ParseTree;
import org.antlr.v4.runtime.tree.TerminalNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Builds property values and evaluates integer expressions as dtc-parser.y does: unsigned 64-bit
 * arithmetic, every operand evaluated (so a division by zero is reported even under {@code 0 &&}),
 * shifts by 64 or more give 0, array elements range-checked against their width
 * (reference/dts-language.md §1.4–1.5; dtc 1.6.1 makes an out-of-range element an error).
 */
final class ValueBuilder {

    private final Positions at;
    private final Diagnostics diags;
    private final List<Path> includeDirs;

    ValueBuilder(Positions at, Diagnostics diags, List<Path> includeDirs) {
        this.at = at;
        this.diags = diags;
        this.includeDirs = includeDirs;
    }

    Data value(DtsParser.PropValueContext ctx) {
        DataBuilder d = new DataBuilder();
        for (ParseTree child : ctx.children) {
            if (child instanceof TerminalNode t) {
                if (t.getSymbol().getType() == DtsParser.LABEL) {
                    d.marker(Marker.Kind.LABEL, labelName(t.getSymbol()));
                }
            } else if (child instanceof DtsParser.PieceContext p) {
                piece(p, d);
            }
        }
        return d.build();
    }

    static String labelName(Token t) {
        String s = t.getText();
        return s.substring(0, s.length() - 1);
    }

    static String refName(Token t) {
        String s = t.getText();
        return s.startsWith("&{") ? s.substring(2, s.length() - 1) : s.substring(1);
    }

    private void piece(DtsParser.PieceContext p, DataBuilder d) {
        if (p instanceof DtsParser.StringPieceContext s) {
            d.marker(Marker.Kind.TYPE_STRING, null);
            d.bytes(stringBytes(s.STRING().getSymbol()));
            d.u8(0);
        } else if (p instanceof DtsParser.ArrayPieceContext a) {
            array(a, d);
        } else if (p instanceof DtsParser.BytesPieceContext b) {
            d.marker(Marker.Kind.TYPE_U8, null);
            for (ParseTree c : b.children) {
                if (c instanceof TerminalNode t) {
                    int type = t.getSymbol().getType();
                    if (type == DtsParser.BYTE) {
                        d.u8(Integer.parseInt(t.getText(), 16));
                    } else if (type == DtsParser.LABEL) {
                        d.marker(Marker.Kind.LABEL, labelName(t.getSymbol()));
                    }
                }
            }
        } else if (p instanceof DtsParser.PathPieceContext r) {
            String ref = refName(r.ref().getStart());
            d.marker(Marker.Kind.TYPE_STRING, ref);
            d.marker(Marker.Kind.REF_PATH, ref);
        } else if (p instanceof DtsParser.IncbinPieceContext inc) {
            incbin(inc, d);
        }
    }

    static byte[] stringBytes(Token t) {
        String s = t.getText();
        return Literals.unescape(s, 1, s.length() - 1);
    }

    private void array(DtsParser.ArrayPieceContext a, DataBuilder d) {
        int bits = 32;
        // one pass over the children: the generated accessors would rescan all cells for each call
        java.util.List<ParseTree> kids = a.children;
        int first = 0;
        if (kids.get(0) instanceof TerminalNode t && t.getSymbol().getType() == DtsParser.BITS) {
            Token lenTok = ((TerminalNode) kids.get(1)).getSymbol();
            first = 2;
            Literals.IntLit lit = Literals.integer(lenTok.getText());
            long b = lit.value();
            if (lit.error() != null) {
                diags.error("lexical-error", at.of(lenTok), lit.error());
            }
            if (b == 8 || b == 16 || b == 32 || b == 64) {
                bits = (int) b;
            } else {
                diags.error("bad-bits", at.of(lenTok), "Array elements must be 8, 16, 32 or 64-bits");
            }
        }
        d.marker(arrayKind(bits), null);
        for (int i = first; i < kids.size(); i++) {
            ParseTree c = kids.get(i);
            if (c instanceof DtsParser.ValueCellContext v) {
                DtsParser.PrimContext prim = (DtsParser.PrimContext) v.getChild(0);
                long val = prim(prim);
                if (!fits(val, bits)) {
                    diags.error("cell-overflow", at.of(prim), "Value out of range for " + bits + "-bit array element");
                }
                d.integer(val, bits);
            } else if (c instanceof DtsParser.RefCellContext r) {
                Token refTok = ((ParserRuleContext) r.getChild(0)).getStart();
                if (bits == 32) {
                    d.marker(Marker.Kind.REF_PHANDLE, refName(refTok));
                } else {
                    diags.error("bad-bits", at.of(refTok), "References are only allowed in arrays with 32-bit elements.");
                }
                d.integer(-1L, bits);
            } else if (c instanceof DtsParser.LabelCellContext l) {
                d.marker(Marker.Kind.LABEL, labelName(((TerminalNode) l.getChild(0)).getSymbol()));
            }
        }
    }

    static Marker.Kind arrayKind(int bits) {
        return switch (bits) {
            case 8 -> Marker.Kind.TYPE_U8;
            case 16 -> Marker.Kind.TYPE_U16;
            case 64 -> Marker.Kind.TYPE_U64;
            default -> Marker.Kind.TYPE_U32;
        };
    }

    /** dtc: the bits above an element's width must be all zero, or all one (a sign-extended negative). */
    static boolean fits(long val, int bits) {
        if (bits >= 64) {
            return true;
        }
        long mask = (1L << bits) - 1;
        return Long.compareUnsigned(val, mask) <= 0 || (val | mask) == -1L;
    }

    private void incbin(DtsParser.IncbinPieceContext inc, DataBuilder d) {
        Token nameTok = inc.STRING().getSymbol();
        String name = new String(stringBytes(nameTok), java.nio.charset.StandardCharsets.ISO_8859_1);
        long off = 0;
        long len = -1;
        if (inc.prim().size() == 2) {
            off = prim(inc.prim(0));
            len = prim(inc.prim(1));
        }
        SourcePos pos = at.of(nameTok);
        Path file = findIncbin(name);
        if (file == null) {
            diags.error("incbin-not-found", pos, "/incbin/ file \"" + name + "\" not found");
            return;
        }
        try {
            long size = Files.size(file);
            if (off < 0 || off > size) {
                diags.error("incbin-range", pos, "Couldn't seek to offset " + Long.toUnsignedString(off) + " in \"" + name + "\"");
                return;
            }
            long n = len < 0 ? size - off : Math.min(len, size - off);
            if (n > 64L << 20) {
                diags.error("incbin-range", pos, "/incbin/ of " + n + " bytes is larger than the 64 MiB limit");
                return;
            }
            byte[] all = Files.readAllBytes(file);
            d.bytes(all, (int) off, (int) n);
        } catch (IOException e) {
            diags.error("io", pos, "cannot read \"" + file + "\": " + e.getMessage());
        }
    }

    /** A name the file system cannot represent (a NUL byte, say) is simply not found. */
    private Path findIncbin(String name) {
        try {
            return findIncbinUnchecked(name);
        } catch (java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    private Path findIncbinUnchecked(String name) {
        Path p = Path.of(name);
        if (p.isAbsolute()) {
            return Files.isRegularFile(p) ? p : null;
        }
        Path base = at.baseDir();
        if (base != null && Files.isRegularFile(base.resolve(name))) {
            return base.resolve(name);
        }
        for (Path dir : includeDirs) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        return null;
    }

    long prim(DtsParser.PrimContext p) {
        if (p instanceof DtsParser.IntPrimContext i) {
            Token tok = ((TerminalNode) i.getChild(0)).getSymbol();
            Literals.IntLit lit = Literals.integer(tok.getText());
            if (lit.error() != null) {
                diags.error(lit.error().startsWith("Bad") ? "bad-integer" : "integer-range", at.of(tok), lit.error());
            }
            return lit.value();
        }
        if (p instanceof DtsParser.CharPrimContext c) {
            Token t = c.CHAR_LIT().getSymbol();
            byte[] b = stringBytes(t);
            if (b.length == 0) {
                diags.error("lexical-error", at.of(t), "Empty character literal");
                return 0;
            }
            if (b.length > 1) {
                diags.error("lexical-error", at.of(t), "Character literal has " + b.length + " characters instead of 1");
            }
            return b[0] & 0xff;
        }
        return expr(((DtsParser.ParenPrimContext) p).expr());
    }

    long expr(DtsParser.ExprContext e) {
        if (e instanceof DtsParser.PrimExprContext p) {
            return prim(p.prim());
        }
        if (e instanceof DtsParser.UnaryExprContext u) {
            long v = expr(u.expr());
            return switch (u.getStart().getType()) {
                case DtsParser.MINUS -> -v;
                case DtsParser.TILDE -> ~v;
                default -> v == 0 ? 1 : 0;
            };
        }
        if (e instanceof DtsParser.CondExprContext c) {
            long cond = expr(c.expr(0));
            long a = expr(c.expr(1));
            long b = expr(c.expr(2));
            return cond != 0 ? a : b;
        }
        DtsParser.ExprContext l = (DtsParser.ExprContext) e.getChild(0);
        DtsParser.ExprContext r = (DtsParser.ExprContext) e.getChild(2);
        Token op = ((TerminalNode) e.getChild(1)).getSymbol();
        long a = expr(l);
        long b = expr(r);
        if ((op.getType() == DtsParser.SLASH || op.getType() == DtsParser.PERCENT) && b == 0) {
            diags.error("division-by-zero", at.of(e), "Division by zero");
            return 0;
        }
        return binary(op.getType(), a, b);
    }

    /** A binary operator of dtc's expressions on unsigned 64-bit values; a divisor is never 0 here. */
    static long binary(int op, long a, long b) {
        switch (op) {
            case DtsParser.STAR: return a * b;
            case DtsParser.SLASH: return Long.divideUnsigned(a, b);
            case DtsParser.PERCENT: return Long.remainderUnsigned(a, b);
            case DtsParser.PLUS: return a + b;
            case DtsParser.MINUS: return a - b;
            case DtsParser.LSHIFT: return Long.compareUnsigned(b, 64) >= 0 ? 0 : a << b;
            case DtsParser.RSHIFT: return Long.compareUnsigned(b, 64) >= 0 ? 0 : a >>> b;
            case DtsParser.LT: return Long.compareUnsigned(a, b) < 0 ? 1 : 0;
            case DtsParser.GT: return Long.compareUnsigned(a, b) > 0 ? 1 : 0;
            case DtsParser.LE: return Long.compareUnsigned(a, b) <= 0 ? 1 : 0;
            case DtsParser.GE: return Long.compareUnsigned(a, b) >= 0 ? 1 : 0;
            case DtsParser.EQ: return a == b ? 1 : 0;
            case DtsParser.NE: return a != b ? 1 : 0;
            case DtsParser.AMP: return a & b;
            case DtsParser.CARET: return a ^ b;
            case DtsParser.PIPE: return a | b;
            case DtsParser.ANDAND: return (a != 0 && b != 0) ? 1 : 0;
            case DtsParser.OROR: return (a != 0 || b != 0) ? 1 : 0;
            default: throw new IllegalStateException("operator " + op);
        }
    }
}
