package dev.iommuc.plan;

/** A number written as a hex integer in YAML ({@code 0x880}): addresses, IDs, masks, sizes (SPEC §5). */
public record Hex(long value) {

    @Override
    public String toString() {
        return "0x" + Long.toHexString(value);
    }
}
