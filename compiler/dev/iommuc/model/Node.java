package dev.iommuc.model;

import dev.iommuc.diag.SourcePos;

import java.util.ArrayList;
import java.util.List;

/**
 * A node of the live tree with dtc semantics: deleted properties and children stay in place as
 * tombstones (a later definition revives them in their old position), labels are prepended, and
 * every definition site is remembered for "also defined at" notes.
 */
public final class Node {

    private String name;
    private Node parent;
    private final ArrayList<Property> props = new ArrayList<>();
    // bit (hash & 63) set for the name of every property ever added: most look-ups are for a name
    // the node lacks ("phandle", "#iommu-cells" on every node), and end at this one test
    private long propNames;
    private final ArrayList<Node> children = new ArrayList<>();
    private final Labels labels = new Labels();
    private final List<SourcePos> positions = new ArrayList<>(1);
    private boolean deleted;
    private boolean omitIfUnused;
    private boolean referenced;
    private int phandle;
    private String fullPath;

    public Node(String name, SourcePos pos) {
        this.name = name;
        if (pos != null) {
            positions.add(pos);
        }
    }

    /** Full name including the unit address; "" for the root. */
    public String name() {
        return name;
    }

    /** Name before '@'. */
    public String baseName() {
        int at = name.indexOf('@');
        return at < 0 ? name : name.substring(0, at);
    }

    /** Unit address (text after the first '@'), or null. */
    public String unitAddress() {
        int at = name.indexOf('@');
        return at < 0 ? null : name.substring(at + 1);
    }

    /** Renames a node not yet in a tree (dtc name_node; overlays rename a body to __overlay__). */
    public void rename(String newName) {
        this.name = newName;
    }

    public Node parent() {
        return parent;
    }

    /** All properties, tombstones included, in definition order; callers only read it (addProperty keeps an index). */
    public List<Property> allProperties() {
        return props;
    }

    /** All children, tombstones included. */
    public List<Node> allChildren() {
        return children;
    }

    /** Live properties. */
    public List<Property> properties() {
        List<Property> out = new ArrayList<>(props.size());
        List<Property> ps = props;
        for (int pI = 0; pI < ps.size(); pI++) {
            Property p = ps.get(pI);
            if (!p.deleted()) {
                out.add(p);
            }
        }
        return out;
    }

    /** Live children. */
    public List<Node> children() {
        List<Node> out = new ArrayList<>(children.size());
        List<Node> cs = children;
        for (int cI = 0; cI < cs.size(); cI++) {
            Node c = cs.get(cI);
            if (!c.deleted) {
                out.add(c);
            }
        }
        return out;
    }

    /** False when no property of that name was ever added (true may still mean none is live). */
    public boolean mayHaveProperty(String propName) {
        return (propNames & 1L << propName.hashCode()) != 0;
    }

    /** First live property of that name (dtc get_property). */
    public Property property(String propName) {
        // names cache their hash: comparing it first turns nearly every miss into one int compare
        int h = propName.hashCode();
        if ((propNames & 1L << h) == 0) {
            return null;
        }
        for (int i = 0; i < props.size(); i++) {
            Property p = props.get(i);
            String name = p.name();
            if (name.hashCode() == h && !p.deleted() && name.equals(propName)) {
                return p;
            }
        }
        return null;
    }

    /** First live child of that full name. */
    public Node child(String childName) {
        List<Node> cs = children;
        for (int cI = 0; cI < cs.size(); cI++) {
            Node c = cs.get(cI);
            if (!c.deleted && c.name.equals(childName)) {
                return c;
            }
        }
        return null;
    }

    public void addProperty(Property p) {
        propNames |= 1L << p.name().hashCode();
        props.add(p);
    }

    /** Room for that many properties and children, before a copy adds them one by one. */
    void reserve(int propCount, int childCount) {
        props.ensureCapacity(propCount);
        children.ensureCapacity(childCount);
    }

    public void removeProperty(Property p) {
        props.remove(p);
    }

    public void addChild(Node c) {
        c.parent = this;
        children.add(c);
    }

    public Labels labels() {
        return labels;
    }

    public List<SourcePos> positions() {
        return positions;
    }

    public SourcePos pos() {
        return positions.isEmpty() ? SourcePos.UNKNOWN : positions.get(0);
    }

    public boolean deleted() {
        return deleted;
    }

    public void setDeleted(boolean deleted) {
        this.deleted = deleted;
    }

    /** Tombstones this node, its live subtree, properties and labels (dtc delete_node). */
    public void delete() {
        deleted = true;
        List<Node> cs = children;
        for (int cI = 0; cI < cs.size(); cI++) {
            Node c = cs.get(cI);
            if (!c.deleted) {
                c.delete();
            }
        }
        List<Property> ps = props;
        for (int pI = 0; pI < ps.size(); pI++) {
            Property p = ps.get(pI);
            if (!p.deleted()) {
                p.setDeleted(true);
                p.labels().deleteAll();
            }
        }
        labels.deleteAll();
    }

    public boolean omitIfUnused() {
        return omitIfUnused;
    }

    public void setOmitIfUnused(boolean omit) {
        this.omitIfUnused = omit;
    }

    public boolean referenced() {
        return referenced;
    }

    public void markReferenced() {
        this.referenced = true;
    }

    /** Assigned phandle, 0 if none. */
    public int phandle() {
        return phandle;
    }

    public void setPhandle(int phandle) {
        this.phandle = phandle;
    }

    /** Full path, valid after {@link DeviceTree#fillPaths()}. */
    public String path() {
        if (fullPath == null) {
            fullPath = parent == null ? "/" : (parent.parent == null ? "/" + name : parent.path() + "/" + name);
        }
        return fullPath;
    }

    void clearPath() {
        fullPath = null;
    }

    @Override
    public String toString() {
        return path();
    }
}
