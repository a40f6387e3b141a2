package dev.iommuc.parse;

import dev.iommuc.grammar.DtsParser;
import dev.iommuc.model.Data;
import dev.iommuc.model.DataBuilder;
import dev.iommuc.model.Marker;
import dev.iommuc.model.MemReserve;
import dev.iommuc.model.Node;
import dev.iommuc.model.Property;
import org.antlr.v4.runtime.Token;

import java.util.ArrayList;
import java.util.List;

/**
 * A recursive-descent parse of the token list straight into the pieces of the live tree (nodes,
 * property values, top-level statements), with no parse tree in between: about five times cheaper
 * than ANTLR's adaptive prediction plus a walk of its parse tree, which were a third of a corpus
 * check. The grammar ({@code DtsParser.g4}) stays the specification and ANTLR the parser of record:
 * this one accepts only sentences of the grammar, and only those about which {@link TreeBuilder} and
 * {@link ValueBuilder} would say nothing (no malformed or out-of-range number, no bad {@code /bits/},
 * no division by zero, no property after a subnode, no {@code /incbin/}, which reads a file). On
 * anything else it gives up (null) and the caller parses with ANTLR, which builds and reports as
 * before, so every message still comes from one place. It builds with the same calls in the same
 * order as {@link TreeBuilder#item} and {@link ValueBuilder#value}; {@code DirectParserTest} compares
 * the two field by field over the corpus and over broken inputs.
 */
final class DirectParser extends DirectExpressions {

    /** The opening of a file: the first token of each header, and the memory reservations. */
    record Opening(List<Token> headers, List<MemReserve> reserves) {
    }

    /** A whole file: its opening, its statements, and its end (which places "no root node"). */
    record File(Opening opening, List<TreeBuilder.TopItem> items, Token eof) {
    }

    private final Positions at;

    private DirectParser(Lexed lexed, Positions at) {
        super(lexed);
        this.at = at;
    }

    /** {@code header+ memreserve* topItem* EOF}, or null. */
    static File file(Lexed toks, Positions at) {
        return attempt(new DirectParser(toks, at), p -> {
            Opening o = p.opening();
            List<TreeBuilder.TopItem> items = new ArrayList<>();
            while (p.la(0) != Token.EOF) {
                items.add(p.topItem());
            }
            return new File(o, items, p.lx.token(p.expect(Token.EOF)));
        });
    }

    /** {@code header+ memreserve* EOF}, or null. */
    static Opening opening(Lexed toks, Positions at) {
        return attempt(new DirectParser(toks, at), p -> {
            Opening o = p.opening();
            p.expect(Token.EOF);
            return o;
        });
    }

    /** {@code topItem EOF}, or null. */
    static TreeBuilder.TopItem item(Lexed toks, Positions at) {
        return attempt(new DirectParser(toks, at), p -> {
            TreeBuilder.TopItem item = p.topItem();
            p.expect(Token.EOF);
            return item;
        });
    }

    /** {@code rule} run on {@code p}, or null where it gives up. */
    private static <T> T attempt(DirectParser p, java.util.function.Function<DirectParser, T> rule) {
        try {
            return rule.apply(p);
        } catch (GiveUp | StackOverflowError e) {
            return null; // a chain of unary operators nests without '(': ANTLR's path has its own answer
        }
    }

    private Opening opening() {
        List<Token> headers = new ArrayList<>(1);
        while (la(0) == DtsParser.DTS_V1 || la(0) == DtsParser.PLUGIN) {
            headers.add(lx.token(i++));
            expect(DtsParser.SEMI);
        }
        if (headers.isEmpty()) {
            throw GIVE_UP;
        }
        List<MemReserve> reserves = new ArrayList<>(0);
        while (true) {
            int k = 0;
            while (la(k) == DtsParser.LABEL) {
                k++;
            }
            if (la(k) != DtsParser.MEMRESERVE) {
                return new Opening(headers, reserves);
            }
            List<String> labels = new ArrayList<>(k);
            for (int j = 0; j < k; j++) {
                labels.add(labelName(i++));
            }
            i++;
            long address = prim();
            long size = prim();
            expect(DtsParser.SEMI);
            reserves.add(new MemReserve(address, size, labels));
        }
    }

    private TreeBuilder.TopItem topItem() {
        Token first = lx.token(i);
        switch (first.getType()) {
            case DtsParser.SLASH -> {
                i++;
                Node body = nodeBody("", at.of(first));
                return new TreeBuilder.TopItem(TreeBuilder.Kind.ROOT, first, null, List.of(), () -> body);
            }
            case DtsParser.DELETE_NODE, DtsParser.OMIT -> {
                i++;
                Token ref = ref();
                expect(DtsParser.SEMI);
                TreeBuilder.Kind kind = first.getType() == DtsParser.OMIT ? TreeBuilder.Kind.OMIT : TreeBuilder.Kind.DELETE;
                return new TreeBuilder.TopItem(kind, first, ref, List.of(), null);
            }
            default -> {
                List<Token> labels = new ArrayList<>(0);
                while (la(0) == DtsParser.LABEL) {
                    labels.add(lx.token(i++));
                }
                Token ref = ref();
                Node body = nodeBody("", at.of(ref));
                return new TreeBuilder.TopItem(TreeBuilder.Kind.REF_NODE, first, ref, labels, () -> body);
            }
        }
    }

    private Token ref() {
        int t = la(0);
        if (t != DtsParser.REF && t != DtsParser.PATH_REF) {
            throw GIVE_UP;
        }
        return lx.token(i++);
    }

    /** TreeBuilder.nodeName of token {@code k}: its text without a leading backslash. */
    private String name(int k) {
        String s = lx.source();
        int from = lx.start(k);
        return s.substring(s.charAt(from) == '\\' ? from + 1 : from, lx.end(k));
    }

    /** ValueBuilder.labelName of token {@code k}: its text without the ':'. */
    private String labelName(int k) {
        return lx.source().substring(lx.start(k), lx.end(k) - 1);
    }

    /** ValueBuilder.refName of token {@code k}: "&name" or "&{/path}" without the decoration. */
    private String refName(int k) {
        String s = lx.source();
        int from = lx.start(k);
        int to = lx.end(k);
        return s.charAt(from + 1) == '{' ? s.substring(from + 2, to - 1) : s.substring(from + 1, to);
    }

    /** Where token {@code k} is, as Positions.of(Token) says (names, numbers and punctuation: one line). */
    private dev.iommuc.diag.SourcePos pos(int k) {
        return at.of(lx, k);
    }

    /** {@code '{' nodeItem* '}' ';'} as TreeBuilder.body builds it. */
    private Node nodeBody(String name, dev.iommuc.diag.SourcePos pos) {
        expect(DtsParser.LBRACE);
        Node node = new Node(name, pos);
        boolean sawChild = false;
        while (la(0) != DtsParser.RBRACE) {
            if (la(0) == DtsParser.DELETE_NODE) {
                i++;
                int nameTok = expect(DtsParser.NAME);
                expect(DtsParser.SEMI);
                sawChild = true;
                Node tomb = new Node(name(nameTok), pos(nameTok));
                tomb.setDeleted(true);
                node.addChild(tomb);
                continue;
            }
            int from = i;
            int k = 0;
            while (la(k) == DtsParser.LABEL) {
                k++;
            }
            int after = la(k);
            if (after == DtsParser.DELETE_PROP) {
                if (sawChild) {
                    throw GIVE_UP; // "Properties must precede subnodes": ANTLR's path reports it
                }
                i += k + 1;
                int nameTok = expect(DtsParser.NAME);
                expect(DtsParser.SEMI);
                Property prop = new Property(name(nameTok), Data.EMPTY, pos(nameTok));
                prop.setDeleted(true);
                if (k > 0) {
                    addLabels(prop.labels(), from, from + k);
                }
                node.addProperty(prop);
            } else if (after == DtsParser.OMIT || after == DtsParser.NAME && la(k + 1) == DtsParser.LBRACE) {
                sawChild = true;
                i += k;
                boolean omit = after == DtsParser.OMIT;
                List<String> labels = null;
                if (omit) {
                    // LABEL* OMIT LABEL* NAME: the node gets the labels on both sides, in order
                    labels = new ArrayList<>();
                    for (int j = from; j < from + k; j++) {
                        labels.add(labelName(j));
                    }
                    i++;
                    while (la(0) == DtsParser.LABEL) {
                        labels.add(labelName(i++));
                    }
                }
                int nameTok = expect(DtsParser.NAME);
                Node child = nodeBody(name(nameTok), pos(nameTok));
                if (omit) {
                    child.setOmitIfUnused(true);
                    for (int j = labels.size() - 1; j >= 0; j--) {
                        child.labels().add(labels.get(j));
                    }
                } else {
                    addLabels(child.labels(), from, from + k);
                }
                node.addChild(child);
            } else if (after == DtsParser.NAME && (la(k + 1) == DtsParser.ASSIGN || la(k + 1) == DtsParser.SEMI)) {
                if (sawChild) {
                    throw GIVE_UP;
                }
                i += k;
                int nameTok = i++;
                Data value = Data.EMPTY;
                if (la(0) == DtsParser.ASSIGN) {
                    i++;
                    value = propValue();
                }
                expect(DtsParser.SEMI);
                Property prop = new Property(name(nameTok), value, pos(nameTok));
                if (k > 0) {
                    addLabels(prop.labels(), from, from + k);
                }
                node.addProperty(prop);
            } else {
                throw GIVE_UP;
            }
        }
        i++;
        expect(DtsParser.SEMI);
        return node;
    }

    /** Labels written {@code a: b: x} end up as [a, b]: dtc adds the innermost first, prepending. */
    private void addLabels(dev.iommuc.model.Labels labels, int from, int to) {
        for (int j = to - 1; j >= from; j--) {
            labels.add(labelName(j));
        }
    }

    /** {@code LABEL* piece (LABEL* ',' LABEL* piece)* LABEL*} as ValueBuilder.value builds it. */
    private Data propValue() {
        DataBuilder d = new DataBuilder();
        labelMarkers(d);
        piece(d);
        while (true) {
            labelMarkers(d);
            if (la(0) != DtsParser.COMMA) {
                return d.build();
            }
            i++;
            labelMarkers(d);
            piece(d);
        }
    }

    private void labelMarkers(DataBuilder d) {
        while (la(0) == DtsParser.LABEL) {
            d.marker(Marker.Kind.LABEL, labelName(i++));
        }
    }

    private void piece(DataBuilder d) {
        switch (la(0)) {
            case DtsParser.STRING -> {
                d.marker(Marker.Kind.TYPE_STRING, null);
                d.bytes(quotedBytes(i++));
                d.u8(0);
            }
            case DtsParser.BITS, DtsParser.LT -> array(d);
            case DtsParser.LBRACKET -> {
                i++;
                d.marker(Marker.Kind.TYPE_U8, null);
                while (la(0) != DtsParser.RBRACKET) {
                    int t = la(0);
                    if (t == DtsParser.BYTE) {
                        d.u8(Integer.parseInt(lx.text(i), 16));
                    } else if (t == DtsParser.LABEL) {
                        d.marker(Marker.Kind.LABEL, labelName(i));
                    } else {
                        throw GIVE_UP;
                    }
                    i++;
                }
                i++;
            }
            case DtsParser.REF, DtsParser.PATH_REF -> {
                String ref = refName(i++);
                d.marker(Marker.Kind.TYPE_STRING, ref);
                d.marker(Marker.Kind.REF_PATH, ref);
            }
            default -> throw GIVE_UP; // /incbin/ reads a file and reports on it: ANTLR's path does that
        }
    }

    private void array(DataBuilder d) {
        int bits = 32;
        if (la(0) == DtsParser.BITS) {
            i++;
            Literals.IntLit lit = Literals.integer(lx.text(expect(DtsParser.INT)));
            long b = lit.value();
            if (lit.error() != null || b != 8 && b != 16 && b != 32 && b != 64) {
                throw GIVE_UP;
            }
            bits = (int) b;
        }
        expect(DtsParser.LT);
        d.marker(ValueBuilder.arrayKind(bits), null);
        while (la(0) != DtsParser.GT) {
            switch (la(0)) {
                case DtsParser.INT, DtsParser.CHAR_LIT, DtsParser.LPAREN -> {
                    long val = prim();
                    if (!ValueBuilder.fits(val, bits)) {
                        throw GIVE_UP;
                    }
                    d.integer(val, bits);
                }
                case DtsParser.REF, DtsParser.PATH_REF -> {
                    if (bits != 32) {
                        throw GIVE_UP;
                    }
                    d.marker(Marker.Kind.REF_PHANDLE, refName(i++));
                    d.integer(-1L, bits);
                }
                case DtsParser.LABEL -> d.marker(Marker.Kind.LABEL, labelName(i++));
                default -> throw GIVE_UP;
            }
        }
        i++;
    }
}
