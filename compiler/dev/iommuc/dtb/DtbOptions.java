package dev.iommuc.dtb;

/**
 * The dtc options that shape a blob (reference/dts-language.md §2.2): {@code -V version} (16 or 17),
 * {@code -R reserveExtra} empty reservation entries, and padding: {@code -S minSize} pads totalsize up
 * to at least that, {@code -p pad} adds that many bytes (dtc refuses both at once), and
 * {@code -a align} then rounds totalsize up to a multiple. Zero means "not given".
 */
public record DtbOptions(int version, int reserveExtra, int minSize, int pad, int align) {

    public static final DtbOptions DEFAULT = new DtbOptions(17, 0, 0, 0, 0);

    public DtbOptions {
        if (version != 16 && version != 17) {
            throw new IllegalArgumentException("unsupported DTB version " + version + " (16 or 17)");
        }
        if (reserveExtra < 0 || minSize < 0 || pad < 0 || align < 0) {
            throw new IllegalArgumentException("negative DTB size option");
        }
        if (pad != 0 && minSize != 0) {
            throw new IllegalArgumentException("can't set both pad (-p) and minimum size (-S)");
        }
        if (align != 0 && Integer.bitCount(align) != 1) {
            // dtc's ALIGN macro masks with (align - 1), so only powers of two mean what they say.
            throw new IllegalArgumentException("alignment " + align + " is not a power of two");
        }
    }

    public DtbOptions withVersion(int v) {
        return new DtbOptions(v, reserveExtra, minSize, pad, align);
    }

    public DtbOptions withReserveExtra(int n) {
        return new DtbOptions(version, n, minSize, pad, align);
    }

    public DtbOptions withMinSize(int n) {
        return new DtbOptions(version, reserveExtra, n, pad, align);
    }

    public DtbOptions withPad(int n) {
        return new DtbOptions(version, reserveExtra, minSize, n, align);
    }

    public DtbOptions withAlign(int n) {
        return new DtbOptions(version, reserveExtra, minSize, pad, n);
    }
}
