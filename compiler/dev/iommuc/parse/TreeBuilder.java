package dev.iommuc.parse;

import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.SourcePos;
import dev.iommuc.grammar.DtsParser;
import dev.iommuc.model.Data;
import dev.iommuc.model.DataBuilder;
import dev.iommuc.model.DeviceTree;
import dev.iommuc.model.Marker;
import dev.iommuc.model.LabelIndex;
import dev.iommuc.model.MemReserve;
import dev.iommuc.model.Node;
import dev.iommuc.model.Property;
import dev.iommuc.model.TreeMerge;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Builds the live tree from ANTLR's parse tree, or runs the statements {@link DirectParser} built, with
 * the actions of dtc-parser.y: each node body is built
 * on its own (tombstones for {@code /delete-…/} included), then merged into the tree so far
 * ({@code / {…}} into the root, {@code &ref {…}} into the node the reference names <em>at that point</em>
 * of the source). In a {@code /plugin/} file an unlabelled top-level {@code &ref {…}} becomes a
 * {@code fragment@N} (reference/dts-language.md §1.3, §1.6, §1.8).
 */
final class TreeBuilder {

    private final Positions at;
    private final Diagnostics diags;
    private final ValueBuilder values;
    private int nextFragment;
    private final LabelIndex labels = new LabelIndex();

    TreeBuilder(Positions at, Diagnostics diags, ValueBuilder values) {
        this.at = at;
        this.diags = diags;
        this.values = values;
    }

    private boolean plugin;
    private final List<MemReserve> reserves = new ArrayList<>();
    private Node root;

    DeviceTree build(DtsParser.DtsFileContext ctx) {
        start(ctx.header(), ctx.memreserve());
        for (DtsParser.TopItemContext item : ctx.topItem()) {
            item(item);
        }
        return finish(ctx.EOF().getSymbol());
    }

    /** The tree of a file the direct parser took whole. */
    DeviceTree build(DirectParser.File file) {
        startParsed(file.opening().headers(), file.opening().reserves());
        for (TopItem item : file.items()) {
            run(item);
        }
        return finish(file.eof());
    }

    /** The headers and memory reservations, which come before any tree statement. */
    void start(List<DtsParser.HeaderContext> hs, List<DtsParser.MemreserveContext> ms) {
        List<Token> starts = new ArrayList<>(hs.size());
        for (DtsParser.HeaderContext h : hs) {
            starts.add(h.getStart());
        }
        plugin = headers(starts);
        for (DtsParser.MemreserveContext m : ms) {
            List<String> labels = new ArrayList<>();
            for (TerminalNode l : m.LABEL()) {
                labels.add(ValueBuilder.labelName(l.getSymbol()));
            }
            reserves.add(new MemReserve(values.prim(m.prim(0)), values.prim(m.prim(1)), labels));
        }
    }

    /** As {@link #start(List, List)} from the first token of each header and reservations built already. */
    void startParsed(List<Token> headerStarts, List<MemReserve> ms) {
        plugin = headers(headerStarts);
        reserves.addAll(ms);
    }

    boolean plugin() {
        return plugin;
    }

    /** The tree so far (null before the first root node); a snapshot of it must be a copy. */
    Node root() {
        return root;
    }

    /** Goes on from a tree built earlier (a copy of a shared snapshot) as if its statements had run here. */
    void resume(Node builtRoot) {
        root = builtRoot;
        labels.registerSubtree(builtRoot);
    }

    /** What a top-level statement does. */
    enum Kind { ROOT, REF_NODE, DELETE, OMIT }

    /**
     * One top-level statement, parsed: {@code / {…};}, {@code labels &ref {…};}, {@code /delete-node/ &ref;}
     * or {@code /omit-if-no-ref/ &ref;}. The body (null for the last two) is built when the statement runs,
     * so its diagnostics come where dtc gives them.
     */
    record TopItem(Kind kind, Token first, Token ref, List<Token> labels, Supplier<Node> body) {
    }

    /** One top-level statement from the parse tree, run. */
    void item(DtsParser.TopItemContext item) {
        run(topItem(item));
    }

    /** One top-level statement from the parse tree, ready to run (its body is built when it runs). */
    TopItem topItem(DtsParser.TopItemContext item) {
        if (item instanceof DtsParser.RootNodeContext r) {
            Token slash = r.SLASH().getSymbol();
            return new TopItem(Kind.ROOT, slash, null, List.of(), () -> body(r.nodeBody(), "", at.of(slash), 0));
        }
        if (item instanceof DtsParser.RefNodeContext r) {
            Token refTok = r.ref().getStart();
            List<Token> labels = new ArrayList<>(r.LABEL().size());
            for (TerminalNode l : r.LABEL()) {
                labels.add(l.getSymbol());
            }
            return new TopItem(Kind.REF_NODE, item.getStart(), refTok, labels,
                    () -> body(r.nodeBody(), "", at.of(refTok), 0));
        }
        if (item instanceof DtsParser.DeleteTopNodeContext d) {
            return new TopItem(Kind.DELETE, item.getStart(), d.ref().getStart(), List.of(), null);
        }
        DtsParser.OmitTopNodeContext o = (DtsParser.OmitTopNodeContext) item;
        return new TopItem(Kind.OMIT, item.getStart(), o.ref().getStart(), List.of(), null);
    }

    /** Runs one top-level statement against the tree so far, as dtc-parser.y's actions do. */
    void run(TopItem item) {
        if (item.kind() == Kind.ROOT) {
            Node n = item.body().get();
            if (root == null) {
                root = n;
                labels.registerSubtree(root);
            } else {
                TreeMerge.merge(root, n, labels);
            }
            return;
        }
        if (root == null) {
            root = new Node("", at.of(item.first()));
            if (!plugin || item.kind() != Kind.REF_NODE) {
                // dtc: only a /plugin/ may start with "&ref { … }"
                Token t = item.first();
                diags.report(dev.iommuc.diag.Severity.ERROR, "syntax-error", at.of(t), "",
                        "the tree must start with the root node '/ { … };' (found '" + t.getText() + "')",
                        List.of());
                return;
            }
        }
        DeviceTree sofar = new DeviceTree(root, List.of(), plugin, 0);
        sofar.useLabelIndex(labels);
        if (item.kind() == Kind.REF_NODE) {
            refNode(item, sofar, plugin);
        } else {
            Node target = resolve(sofar, item.ref());
            if (target != null) {
                if (item.kind() == Kind.DELETE) {
                    target.delete();
                } else {
                    target.setOmitIfUnused(true);
                }
            }
        }
    }

    /** The finished tree; {@code eof} places the error of a file without any root node. */
    DeviceTree finish(Token eof) {
        if (root == null) {
            diags.error("syntax-error", at.of(eof), "no root node: a DTS file needs '/ { … };'");
            root = new Node("", at.of(eof));
        }
        return new DeviceTree(root, reserves, plugin, 0);
    }

    /** Header rules of dtc: /dts-v1/ first, /plugin/ only right after one, all headers with equal flags. */
    private boolean headers(List<Token> hs) {
        List<Boolean> flags = new ArrayList<>();
        for (Token h : hs) {
            if (h.getType() == DtsParser.DTS_V1) {
                flags.add(false);
            } else if (flags.isEmpty() || flags.get(flags.size() - 1)) {
                diags.error("syntax-error", at.of(h), "/plugin/ must directly follow /dts-v1/;");
            } else {
                flags.set(flags.size() - 1, true);
            }
        }
        for (int i = 1; i < flags.size(); i++) {
            if (!flags.get(i).equals(flags.get(0))) {
                diags.error("syntax-error", at.of(hs.get(hs.size() - 1)), "Header flags don't match earlier ones");
                break;
            }
        }
        return !flags.isEmpty() && flags.get(0);
    }

    private void refNode(TopItem r, DeviceTree sofar, boolean plugin) {
        Token refTok = r.ref();
        String ref = ValueBuilder.refName(refTok);
        Node n = r.body().get();
        if (plugin && r.labels().isEmpty()) {
            orphan(sofar.root(), n, ref, at.of(refTok));
            return;
        }
        Node target = resolve(sofar, refTok);
        if (target == null) {
            return;
        }
        List<Token> labels = r.labels();
        for (int i = labels.size() - 1; i >= 0; i--) {
            String l = ValueBuilder.labelName(labels.get(i));
            target.labels().add(l);
            this.labels.register(l, target);
        }
        TreeMerge.merge(target, n, this.labels);
    }

    /** dtc add_orphan_node: {@code fragment@N { target = <&ref>; | target-path = "/p"; __overlay__ {…}; }}. */
    private void orphan(Node root, Node overlay, String ref, SourcePos pos) {
        DataBuilder d = new DataBuilder();
        Property p;
        if (ref.startsWith("/")) {
            d.marker(Marker.Kind.TYPE_STRING, ref);
            d.bytes(ref.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).u8(0);
            p = new Property("target-path", d.build(), pos);
        } else {
            d.marker(Marker.Kind.REF_PHANDLE, ref);
            d.cell(-1);
            p = new Property("target", d.build(), pos);
        }
        Node frag = new Node("fragment@" + (nextFragment++), pos);
        frag.addProperty(p);
        overlay.rename("__overlay__");
        frag.addChild(overlay);
        root.addChild(frag);
        labels.registerSubtree(frag);
    }

    private Node resolve(DeviceTree tree, Token refTok) {
        String ref = ValueBuilder.refName(refTok);
        Node target = tree.nodeByRef(ref);
        if (target == null) {
            diags.report(dev.iommuc.diag.Severity.ERROR, "reference-not-found", at.of(refTok), "",
                    "Label or path " + ref + " not found", List.of());
        }
        return target;
    }

    private Node body(DtsParser.NodeBodyContext ctx, String name, SourcePos pos, int depth) {
        Node node = new Node(name, pos);
        boolean sawChild = false;
        for (DtsParser.NodeItemContext item : ctx.nodeItem()) {
            if (item instanceof DtsParser.PropDefContext p) {
                if (sawChild) {
                    propsFirst(p.getStart());
                }
                // one pass over the children (LABEL* NAME ('=' propValue)? ';')
                Token nameTok = null;
                DtsParser.PropValueContext valueCtx = null;
                List<String> labelNames = null;
                for (org.antlr.v4.runtime.tree.ParseTree c : p.children) {
                    if (c instanceof TerminalNode t) {
                        int type = t.getSymbol().getType();
                        if (type == DtsParser.NAME) {
                            nameTok = t.getSymbol();
                        } else if (type == DtsParser.LABEL) {
                            if (labelNames == null) {
                                labelNames = new ArrayList<>(1);
                            }
                            labelNames.add(ValueBuilder.labelName(t.getSymbol()));
                        }
                    } else if (c instanceof DtsParser.PropValueContext v) {
                        valueCtx = v;
                    }
                }
                Data value = valueCtx == null ? Data.EMPTY : values.value(valueCtx);
                Property prop = new Property(nodeName(nameTok), value, at.of(nameTok));
                if (labelNames != null) {
                    for (int i = labelNames.size() - 1; i >= 0; i--) {
                        prop.labels().add(labelNames.get(i));
                    }
                }
                node.addProperty(prop);
            } else if (item instanceof DtsParser.DeletePropContext d) {
                if (sawChild) {
                    propsFirst(d.getStart());
                }
                Token nameTok = d.NAME().getSymbol();
                Property prop = new Property(nodeName(nameTok), Data.EMPTY, at.of(nameTok));
                prop.setDeleted(true);
                addLabels(prop.labels(), d.LABEL());
                node.addProperty(prop);
            } else if (item instanceof DtsParser.SubNodeContext s) {
                sawChild = true;
                Token nameTok = s.NAME().getSymbol();
                Node child = body(s.nodeBody(), nodeName(nameTok), at.of(nameTok), depth + 1);
                if (s.OMIT() != null) {
                    child.setOmitIfUnused(true);
                }
                addLabels(child.labels(), s.LABEL());
                node.addChild(child);
            } else if (item instanceof DtsParser.DeleteNodeContext d) {
                sawChild = true;
                Token nameTok = d.NAME().getSymbol();
                Node tomb = new Node(nodeName(nameTok), at.of(nameTok));
                tomb.setDeleted(true);
                node.addChild(tomb);
            }
        }
        return node;
    }

    private void propsFirst(Token t) {
        diags.report(dev.iommuc.diag.Severity.ERROR, "syntax-error", at.of(t), "", "Properties must precede subnodes",
                List.of());
    }

    /** Labels written {@code a: b: x} end up as [a, b] because dtc adds the innermost first, prepending. */
    private static void addLabels(dev.iommuc.model.Labels labels, List<TerminalNode> toks) {
        for (int i = toks.size() - 1; i >= 0; i--) {
            labels.add(ValueBuilder.labelName(toks.get(i).getSymbol()));
        }
    }

    /** A leading backslash escapes names that look like keywords; dtc strips it. */
    static String nodeName(Token t) {
        String s = t.getText();
        return s.startsWith("\\") ? s.substring(1) : s;
    }
}
