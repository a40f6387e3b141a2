package dev.iommuc.model;

/** A label on a node, property or memreserve; deletion tombstones it, re-adding revives it (dtc add_label). */
public final class Label {

    private final String name;
    private boolean deleted;

    public Label(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    public boolean deleted() {
        return deleted;
    }

    void setDeleted(boolean deleted) {
        this.deleted = deleted;
    }
}
