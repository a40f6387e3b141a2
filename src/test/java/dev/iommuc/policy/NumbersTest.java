package dev.iommuc.policy;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class NumbersTest {

    private static BigInteger i(String s) {
        Numbers.Parsed p = Numbers.integer(s);
        assertNull(p.error(), s);
        return p.value();
    }

    private static BigInteger size(String s) {
        Numbers.Parsed p = Numbers.size(s);
        assertNull(p.error(), s);
        return p.value();
    }

    @Test
    void integers() {
        assertEquals(BigInteger.valueOf(0), i("0"));
        assertEquals(BigInteger.valueOf(4096), i("4_096"));
        assertEquals(BigInteger.valueOf(0x8_1000_0000L), i("0x8_1000_0000"));
        assertEquals(BigInteger.valueOf(5), i("0b101"));
        assertEquals(BigInteger.valueOf(8), i("0o10"));
        assertEquals(BigInteger.valueOf(-3), i("-3"));
        assertEquals(Numbers.U64_MAX, i("0xffff_ffff_ffff_ffff"));
        assertEquals("'010' has a leading zero (YAML 1.1 would read it as octal); write 0o10 or drop the zero",
                Numbers.integer("010").error());
        assertEquals("'1:30' is a YAML 1.1 base-60 number; write it in decimal or hex", Numbers.integer("1:30").error());
        assertEquals("'0x' is not an integer", Numbers.integer("0x").error());
        assertEquals("'1.5' is not an integer", Numbers.integer("1.5").error());
    }

    @Test
    void sizes() {
        assertEquals(BigInteger.valueOf(4096), size("4K"));
        assertEquals(BigInteger.valueOf(64L << 20), size("64M"));
        assertEquals(BigInteger.valueOf(3L << 30), size("3G"));
        assertEquals(BigInteger.valueOf(0x10L << 10), size("0x10K"));
        assertEquals(BigInteger.valueOf(12345), size("12345"));
        assertEquals(BigInteger.valueOf(-4096), size("-4K"));
        assertEquals("'64MB' has an unknown size suffix; use K, M or G (powers of 1024)", Numbers.size("64MB").error());
        assertEquals("'4k' has an unknown size suffix; use K, M or G (powers of 1024)", Numbers.size("4k").error());
        assertEquals("'big' is not a size (an integer, or with K/M/G)", Numbers.size("big").error());
    }

    @Test
    void u64Range() {
        assertNull(Numbers.u64Problem(Numbers.U64_MAX, "x"));
        assertEquals("'x' does not fit in 64 bits", Numbers.u64Problem(Numbers.U64_MAX.add(BigInteger.ONE), "x"));
        assertEquals("must not be negative (-1)", Numbers.u64Problem(BigInteger.ONE.negate(), "-1"));
        assertEquals("0xffffffffffffffff", Numbers.hex(-1L));
    }
}
