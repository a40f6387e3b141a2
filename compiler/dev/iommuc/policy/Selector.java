package dev.iommuc.policy;

import dev.iommuc.diag.SourcePos;

/**
 * How a policy names device-tree nodes. A YAML selector map ({@code {compatible: [a, b]}}) with a
 * list becomes one selector per listed value, each remembering its own scalar's position, so a
 * diagnostic points at the value that selects nothing rather than at the whole map.
 */
public sealed interface Selector permits Selector.ByCompatible, Selector.ByPath, Selector.ByLabel {

    /** The value as written (a compatible string, a full path or a label name). */
    String value();

    /** Where the value was written. */
    SourcePos pos();

    /** The YAML key of this selector kind. */
    String kind();

    /**
     * Identity of the selector ignoring where it was written: {@code kind:value}. Layering uses it to
     * decide that a user entry replaces a profile entry.
     */
    default String key() {
        return kind() + ":" + value();
    }

    /** Every live node whose {@code compatible} list contains the value. */
    record ByCompatible(String value, SourcePos pos) implements Selector {
        @Override
        public String kind() {
            return "compatible";
        }
    }

    /** The node at a full path; it must exist. */
    record ByPath(String value, SourcePos pos) implements Selector {
        @Override
        public String kind() {
            return "path";
        }
    }

    /** The node carrying a live label (dtc's lookup: first in pre-order); it must exist. */
    record ByLabel(String value, SourcePos pos) implements Selector {
        @Override
        public String kind() {
            return "label";
        }
    }
}
