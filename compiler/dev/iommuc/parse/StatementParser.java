package dev.iommuc.parse;

import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.SourcePos;
import dev.iommuc.grammar.DtsParser;
import dev.iommuc.model.DeviceTree;
import dev.iommuc.model.Node;
import dev.iommuc.model.TreeCopy;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.ListTokenSource;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.ParseCancellationException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The whole-file parse done a statement at a time, so that the statements a board shares with boards
 * parsed before it in the run are neither parsed nor built again ({@link SharedTrees}). The text is cut
 * into statements ({@link StatementSplitter}); the opening ({@code /dts-v1/;}, {@code /memreserve/})
 * and every statement after the longest kept prefix are lexed and parsed on their own (the lexer starts
 * each in the state it is in after a top-level ';'); the tree starts from a copy of the kept prefix and
 * the rest is built by {@link TreeBuilder} as in a whole-file parse. Anything unusual — a /plugin/ file,
 * text that does not cut cleanly, a piece that is not exactly one statement, a lexical problem — returns
 * null before anything is reported, and the caller parses the whole file as before, so every error
 * message comes from one place.
 */
final class StatementParser {

    private final SourceText.Result src;
    private final String text;
    private final SharedTrees shared;
    private CharStream chars;
    /** The text one byte per char ({@link SourceText.Result#bytes}), for the splitter, keys and lexer. */
    private final byte[] bytes;

    private StatementParser(SourceText.Result src, SharedTrees shared) {
        this.src = src;
        this.text = src.text();
        this.bytes = src.bytes();
        this.shared = shared;
    }

    /** The built tree (before fixups), or null to say "parse the whole file instead" (nothing reported). */
    static DeviceTree tryParse(SourceText.Result src, Path baseDir, List<Path> includeDirs, Diagnostics diags,
                               SharedTrees shared) {
        return new StatementParser(src, shared).run(baseDir, includeDirs, diags);
    }

    private DeviceTree run(Path baseDir, List<Path> includeDirs, Diagnostics diags) {
        List<StatementSplitter.Piece> pieces = StatementSplitter.split(bytes, text.length());
        if (pieces == null) {
            return null;
        }
        int firstItem = 0;
        while (firstItem < pieces.size() && isOpening(pieces.get(firstItem))) {
            firstItem++;
        }
        int m = pieces.size() - firstItem;
        if (firstItem == 0 || m == 0 || plugin(pieces, firstItem)) {
            return null;
        }
        List<StatementSplitter.Piece> items = pieces.subList(firstItem, pieces.size());
        List<StatementKey.Located> located = locate(items, bytes);
        SharedTrees.Prefix[] path = new SharedTrees.Prefix[m + 1];
        int known = walk(located, path);
        // statements 1..shareable come from included files only: a tree after more names this board's file
        int shareable = 0;
        while (shareable < m && located.get(shareable) != null && located.get(shareable).included()) {
            shareable++;
        }
        Resume resume = resume(path, known, located);
        int from = resume.depth();
        // parse what is not shared; any surprise → the whole-file parse, before anything is reported
        Positions at = new Positions(src.lines(), baseDir);
        TreeBuilder tb = new TreeBuilder(at, diags, new ValueBuilder(at, diags, includeDirs));
        StatementSplitter.Piece open = pieces.get(0);
        Lexed openTokens = lex(open.start(), pieces.get(firstItem - 1).end(), open.line(), open.col(), false);
        if (openTokens == null) {
            return null;
        }
        DirectParser.Opening opening = DirectParser.opening(openTokens, at);
        DtsParser.PreludeContext prelude = null;
        if (opening == null) {
            prelude = parse(openTokens.tokens(), DtsParser::prelude);
            if (prelude == null) {
                return null;
            }
        }
        List<TreeBuilder.TopItem> parsed = new ArrayList<>(m - from);
        for (int i = from; i < m; i++) {
            StatementSplitter.Piece p = items.get(i);
            Lexed tokens = lex(p.start(), p.end(), p.line(), p.col(), true);
            if (tokens == null) {
                return null;
            }
            TreeBuilder.TopItem item = DirectParser.item(tokens, at);
            if (item == null) {
                // not clean: ANTLR parses it, and the builder reports on it when it runs
                DtsParser.SingleTopItemContext one = parse(tokens.tokens(), DtsParser::singleTopItem);
                if (one == null) {
                    return null;
                }
                item = tb.topItem(one.topItem());
            }
            parsed.add(item);
        }
        // build: the opening, the kept tree, then the rest statement by statement
        if (opening != null) {
            tb.startParsed(opening.headers(), opening.reserves());
        } else {
            tb.start(prelude.header(), prelude.memreserve());
        }
        if (resume.root() != null) {
            tb.resume(resume.root());
        }
        for (int i = known; i < shareable; i++) {
            path[i + 1] = shared.add(path[i], located.get(i).key());
        }
        int quiet = diags.reportCount();
        for (int i = from; i < m; i++) {
            tb.run(parsed.get(i - from));
            int depth = i + 1;
            // keep the tree where this board leaves the path of earlier ones, and where a new path
            // passes from one included file to the next (what the next board of this family will share)
            boolean keep = depth > from && depth <= shareable
                    && (depth == known || depth > known && (depth == shareable || fileChanges(located, i)));
            if (keep && diags.reportCount() == quiet && tb.root() != null && path[depth].snapshot == null) {
                TreeCopy.Result copy = TreeCopy.copy(tb.root(), UnaryOperator.identity());
                shared.keep(path[depth], new SharedTrees.Snapshot(copy.root(), trails(located, depth), copy.weight()));
            }
        }
        shared.count(resume.root() != null, from, m - from);
        return tb.finish(openTokens.last());
    }

    /** Each statement's key and include places; null for one that reads a file (/incbin/). */
    private List<StatementKey.Located> locate(List<StatementSplitter.Piece> items, byte[] bytes) {
        StatementKey.Locator locator = new StatementKey.Locator(bytes, src.lines());
        List<StatementKey.Located> located = new ArrayList<>(items.size());
        for (StatementSplitter.Piece p : items) {
            // /incbin/ reads a file found from the board's directory: not the same statement elsewhere
            located.add(p.incbin() ? null : locator.locate(p));
        }
        return located;
    }

    /** Follows the statements down the trie of earlier boards; fills {@code path}, returns how far it got. */
    private int walk(List<StatementKey.Located> located, SharedTrees.Prefix[] path) {
        path[0] = shared.root();
        int known = 0;
        while (known < located.size() && located.get(known) != null) {
            SharedTrees.Prefix next = SharedTrees.child(path[known], located.get(known).key());
            if (next == null) {
                break;
            }
            path[++known] = next;
        }
        return known;
    }

    /** Where the build starts: after {@code depth} statements, from {@code root} (a fresh copy), or from nothing. */
    private record Resume(int depth, Node root) {
    }

    /** The deepest kept tree on the path whose include places map one-to-one onto this board's. */
    private Resume resume(SharedTrees.Prefix[] path, int known, List<StatementKey.Located> located) {
        for (int d = known; d > 0; d--) {
            SharedTrees.Snapshot s = shared.snapshot(path[d]);
            if (s != null) {
                UnaryOperator<SourcePos> relocate = relocation(s.trails(), trails(located, d));
                if (relocate != null) {
                    return new Resume(d, TreeCopy.copy(s.root(), relocate).root());
                }
            }
        }
        return new Resume(0, null);
    }

    /** Whether statement {@code i + 1} comes from another file than statement {@code i} ends in. */
    private static boolean fileChanges(List<StatementKey.Located> located, int i) {
        if (i + 1 >= located.size() || located.get(i + 1) == null) {
            return true;
        }
        List<StatementKey.Seg> a = located.get(i).key().segs();
        return !a.get(a.size() - 1).file().equals(located.get(i + 1).key().segs().get(0).file());
    }

    /** {@code /dts-v1/;}, {@code /plugin/;} or {@code [label:] /memreserve/ …;}: the part before any tree statement. */
    private boolean isOpening(StatementSplitter.Piece p) {
        int i = p.start();
        // labels (ident ':') may precede /memreserve/
        while (true) {
            int k = i;
            while (k < p.end() && (Character.isLetterOrDigit(text.charAt(k)) || text.charAt(k) == '_')) {
                k++;
            }
            if (k > i && k < p.end() && text.charAt(k) == ':') {
                i = k + 1;
                while (i < p.end() && Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                continue;
            }
            break;
        }
        return text.startsWith("/dts-v1/", i) || text.startsWith("/plugin/", i) || text.startsWith("/memreserve/", i);
    }

    private boolean plugin(List<StatementSplitter.Piece> pieces, int firstItem) {
        for (int i = 0; i < firstItem; i++) {
            StatementSplitter.Piece p = pieces.get(i);
            for (int k = p.start(); k + 8 <= p.end(); k++) {
                if (text.charAt(k) == '/' && text.startsWith("/plugin/", k)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<SourcePos> trails(List<StatementKey.Located> located, int depth) {
        List<SourcePos> out = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            out.addAll(located.get(i).trails());
        }
        return out;
    }

    /**
     * Gives the kept tree's positions this board's include trails: the trail a seg had when the tree was
     * built becomes the trail the same seg has here; null when one old trail would have to become two
     * (the files were included differently).
     */
    static UnaryOperator<SourcePos> relocation(List<SourcePos> kept, List<SourcePos> mine) {
        if (kept.size() != mine.size()) {
            return null;
        }
        Map<SourcePos, SourcePos> map = new HashMap<>();
        boolean same = true;
        for (int i = 0; i < kept.size(); i++) {
            SourcePos was = map.putIfAbsent(kept.get(i), mine.get(i));
            if (was != null && !was.equals(mine.get(i))) {
                return null;
            }
            same &= kept.get(i).equals(mine.get(i));
        }
        if (same) {
            return UnaryOperator.identity();
        }
        // positions share their trail objects: look each one up once; and a node's properties come
        // one after another with the same trail, which the last answer serves without a look-up
        Map<SourcePos, SourcePos> done = new IdentityHashMap<>();
        SourcePos[] last = new SourcePos[2]; // the last trail asked for, and its answer
        return p -> {
            SourcePos f = p.from();
            if (f == null) {
                return p;
            }
            if (f != last[0]) {
                last[0] = f;
                last[1] = done.computeIfAbsent(f, g -> map.getOrDefault(g, g));
            }
            return new SourcePos(p.file(), p.line(), p.col(), p.endLine(), p.endCol(), last[1]);
        };
    }

    /** The rule {@code rule} over {@code tokens} with an SLL parser that gives up at the first error; else null. */
    private static <T> T parse(List<Token> tokens, java.util.function.Function<DtsParser, T> rule) {
        try {
            return rule.apply(DtsFrontend.sllParser(new CommonTokenStream(new ListTokenSource(tokens))));
        } catch (ParseCancellationException e) {
            return null;
        }
    }

    /** The tokens of {@code text[start, end)}, or null when they hold any lexical problem. */
    private Lexed lex(int start, int end, int line, int col, boolean afterStatement) {
        if (chars == null) {
            chars = new TextCharStream(text);
        }
        Lexed tokens = new DtsTokenSource(text, bytes, chars, start, end, line, col, afterStatement).lex();
        return tokens.clean() ? tokens : null;
    }
}
