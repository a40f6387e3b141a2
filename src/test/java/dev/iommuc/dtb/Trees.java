package dev.iommuc.dtb;

import dev.iommuc.diag.SourcePos;
import dev.iommuc.model.Data;
import dev.iommuc.model.DataBuilder;
import dev.iommuc.model.DeviceTree;
import dev.iommuc.model.MemReserve;
import dev.iommuc.model.Node;
import dev.iommuc.model.Property;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Small live trees built in code for the DTB and DTS tests. */
public final class Trees {

    private Trees() {
    }

    public static Node node(String name) {
        return new Node(name, SourcePos.UNKNOWN);
    }

    public static Node child(Node parent, String name) {
        Node n = node(name);
        parent.addChild(n);
        return n;
    }

    public static Property prop(Node n, String name, Data value) {
        Property p = new Property(name, value, SourcePos.UNKNOWN);
        n.addProperty(p);
        return p;
    }

    public static Data cells(int... v) {
        DataBuilder b = new DataBuilder();
        for (int x : v) {
            b.cell(x);
        }
        return b.build();
    }

    /** NUL-terminated strings, one after the other. */
    public static Data strings(String... s) {
        DataBuilder b = new DataBuilder();
        for (String x : s) {
            b.bytes(x.getBytes(StandardCharsets.ISO_8859_1)).u8(0);
        }
        return b.build();
    }

    public static Data bytes(int... v) {
        DataBuilder b = new DataBuilder();
        for (int x : v) {
            b.u8(x);
        }
        return b.build();
    }

    public static DeviceTree tree(Node root, MemReserve... reserves) {
        return new DeviceTree(root, List.of(reserves), false, 0);
    }
}
