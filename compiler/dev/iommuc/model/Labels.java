package dev.iommuc.model;

import java.util.ArrayList;
import java.util.List;

/** A label list in dtc order: newest first; deleted labels stay as tombstones. */
public final class Labels {

    // most nodes and nearly all properties have no label: no list until the first one
    private List<Label> list = List.of();

    /** Adds or revives {@code name} (dtc add_label prepends). Returns the label. */
    public Label add(String name) {
        if (list.isEmpty()) {
            list = new ArrayList<>(1);
        }
        List<Label> ls = list;
        for (int lI = 0; lI < ls.size(); lI++) {
            Label l = ls.get(lI);
            if (l.name().equals(name)) {
                l.setDeleted(false);
                return l;
            }
        }
        Label l = new Label(name);
        list.add(0, l);
        return l;
    }

    public void deleteAll() {
        List<Label> ls = list;
        for (int lI = 0; lI < ls.size(); lI++) {
            Label l = ls.get(lI);
            l.setDeleted(true);
        }
    }

    public boolean has(String name) {
        List<Label> ls = list;
        for (int lI = 0; lI < ls.size(); lI++) {
            Label l = ls.get(lI);
            if (!l.deleted() && l.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** Live labels, newest first. */
    public List<String> live() {
        List<String> out = new ArrayList<>(list.size());
        List<Label> ls = list;
        for (int lI = 0; lI < ls.size(); lI++) {
            Label l = ls.get(lI);
            if (!l.deleted()) {
                out.add(l.name());
            }
        }
        return out;
    }

    /** All labels including tombstones (merge copies those too, as dtc does); callers only read it. */
    public List<Label> all() {
        return list;
    }

    /** Appends a copy of every label of {@code other}, tombstones included, in order (a tree copy). */
    void copyFrom(Labels other) {
        List<Label> ls = other.list;
        for (int lI = 0; lI < ls.size(); lI++) {
            Label l = ls.get(lI);
            Label c = new Label(l.name());
            c.setDeleted(l.deleted());
            if (list.isEmpty()) {
                list = new ArrayList<>(other.list.size());
            }
            list.add(c);
        }
    }

    public boolean isEmpty() {
        List<Label> ls = list;
        for (int lI = 0; lI < ls.size(); lI++) {
            Label l = ls.get(lI);
            if (!l.deleted()) {
                return false;
            }
        }
        return true;
    }
}
