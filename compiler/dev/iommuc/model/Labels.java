package dev.iommuc.model;

import java.util.ArrayList;
import java.util.List;

/** A label list in dtc order: newest first; deleted labels stay as tombstones. */
public final class Labels {

    private final List<Label> list = new ArrayList<>(1);

    /** Adds or revives {@code name} (dtc add_label prepends). Returns the label. */
    public Label add(String name) {
        for (Label l : list) {
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
        for (Label l : list) {
            l.setDeleted(true);
        }
    }

    public boolean has(String name) {
        for (Label l : list) {
            if (!l.deleted() && l.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** Live labels, newest first. */
    public List<String> live() {
        List<String> out = new ArrayList<>(list.size());
        for (Label l : list) {
            if (!l.deleted()) {
                out.add(l.name());
            }
        }
        return out;
    }

    /** All labels including tombstones (merge copies those too, as dtc does). */
    public List<Label> all() {
        return list;
    }

    public boolean isEmpty() {
        for (Label l : list) {
            if (!l.deleted()) {
                return false;
            }
        }
        return true;
    }
}
