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

/**
 * Builds the live tree from the parse tree with the actions of dtc-parser.y: each node body is built
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

    /** The headers and memory reservations, which come before any tree statement. */
    void start(List<DtsParser.HeaderContext> hs, List<DtsParser.MemreserveContext> ms) {
        plugin = headers(hs);
        for (DtsParser.MemreserveContext m : ms) {
            List<String> labels = new ArrayList<>();
            for (TerminalNode l : m.LABEL()) {
                labels.add(ValueBuilder.labelName(l.getSymbol()));
            }
            reserves.add(new MemReserve(values.prim(m.prim(0)), values.prim(m.prim(1)), labels));
        }
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

    /** One top-level statement: {@code / {…};}, {@code &ref {…};}, {@code /delete-node/ &ref;} or {@code /omit-if-no-ref/ &ref;}. */
    void item(DtsParser.TopItemContext item) {
        if (item instanceof DtsParser.RootNodeContext r) {
            Node n = body(r.nodeBody(), "", at.of(r.SLASH().getSymbol()), 0);
            if (root == null) {
                root = n;
                labels.registerSubtree(root);
            } else {
                TreeMerge.merge(root, n, labels);
            }
            return;
        }
        if (root == null) {
            root = new Node("", at.of(item.getStart()));
            if (!plugin || !(item instanceof DtsParser.RefNodeContext)) {
                // dtc: only a /plugin/ may start with "&ref { … }"
                Token t = item.getStart();
                diags.report(dev.iommuc.diag.Severity.ERROR, "syntax-error", at.of(t), "",
                        "the tree must start with the root node '/ { … };' (found '" + t.getText() + "')",
                        List.of());
                return;
            }
        }
        DeviceTree sofar = new DeviceTree(root, List.of(), plugin, 0);
        sofar.useLabelIndex(labels);
        if (item instanceof DtsParser.RefNodeContext r) {
            refNode(r, sofar, plugin);
        } else if (item instanceof DtsParser.DeleteTopNodeContext d) {
            Node target = resolve(sofar, d.ref().getStart());
            if (target != null) {
                target.delete();
            }
        } else if (item instanceof DtsParser.OmitTopNodeContext o) {
            Node target = resolve(sofar, o.ref().getStart());
            if (target != null) {
                target.setOmitIfUnused(true);
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
    private boolean headers(List<DtsParser.HeaderContext> hs) {
        List<Boolean> flags = new ArrayList<>();
        for (DtsParser.HeaderContext h : hs) {
            if (h instanceof DtsParser.VersionHeaderContext) {
                flags.add(false);
            } else if (flags.isEmpty() || flags.get(flags.size() - 1)) {
                diags.error("syntax-error", at.of(h.getStart()), "/plugin/ must directly follow /dts-v1/;");
            } else {
                flags.set(flags.size() - 1, true);
            }
        }
        for (int i = 1; i < flags.size(); i++) {
            if (!flags.get(i).equals(flags.get(0))) {
                diags.error("syntax-error", at.of(hs.get(hs.size() - 1).getStart()), "Header flags don't match earlier ones");
                break;
            }
        }
        return !flags.isEmpty() && flags.get(0);
    }

    private void refNode(DtsParser.RefNodeContext r, DeviceTree sofar, boolean plugin) {
        Token refTok = r.ref().getStart();
        String ref = ValueBuilder.refName(refTok);
        Node n = body(r.nodeBody(), "", at.of(refTok), 0);
        if (plugin && r.LABEL().isEmpty()) {
            orphan(sofar.root(), n, ref, at.of(refTok));
            return;
        }
        Node target = resolve(sofar, refTok);
        if (target == null) {
            return;
        }
        List<TerminalNode> labels = r.LABEL();
        for (int i = labels.size() - 1; i >= 0; i--) {
            String l = ValueBuilder.labelName(labels.get(i).getSymbol());
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
    private static String nodeName(Token t) {
        String s = t.getText();
        return s.startsWith("\\") ? s.substring(1) : s;
    }
}
