package dev.iommuc.model;

/**
 * An annotation at a byte offset of a property value, as dtc keeps them: the element type of the
 * bytes that follow (from source syntax), a phandle slot to patch, a place to insert a node path,
 * or a label inside the value. {@code ref} is the label or path a reference names, or the label name.
 */
public record Marker(Kind kind, int offset, String ref) {

    public enum Kind {
        TYPE_U8, TYPE_U16, TYPE_U32, TYPE_U64, TYPE_STRING,
        /** 4-byte slot holding the phandle of {@code ref} once resolved. */
        REF_PHANDLE,
        /** The full path of {@code ref}, NUL-terminated, is inserted here once resolved. */
        REF_PATH,
        LABEL;

        public boolean isType() {
            return ordinal() <= TYPE_STRING.ordinal();
        }
    }

    public Marker at(int newOffset) {
        return new Marker(kind, newOffset, ref);
    }
}
