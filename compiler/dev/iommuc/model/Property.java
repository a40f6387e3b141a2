package dev.iommuc.model;

import dev.iommuc.diag.SourcePos;

/** A property of a live tree: name, value, labels, tombstone flag and where it was (last) defined. */
public final class Property {

    private final String name;
    private Data value;
    // nearly no property has a label: the list is made on the first call of labels()
    private Labels labels;
    private boolean deleted;
    private SourcePos pos;

    public Property(String name, Data value, SourcePos pos) {
        this.name = name;
        this.value = value;
        this.pos = pos;
    }

    public String name() {
        return name;
    }

    public Data value() {
        return value;
    }

    public void setValue(Data value) {
        this.value = value;
    }

    public Labels labels() {
        if (labels == null) {
            labels = new Labels();
        }
        return labels;
    }

    /** {@code labels().all()} without making a label list for a property that has none. */
    public java.util.List<Label> labelList() {
        return labels == null ? java.util.List.of() : labels.all();
    }

    public boolean deleted() {
        return deleted;
    }

    public void setDeleted(boolean deleted) {
        this.deleted = deleted;
    }

    public SourcePos pos() {
        return pos;
    }

    public void setPos(SourcePos pos) {
        this.pos = pos;
    }
}
