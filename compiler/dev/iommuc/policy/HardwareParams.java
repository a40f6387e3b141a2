package dev.iommuc.policy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The hardware parameters a policy may override, with the range the hardware's ID registers can
 * express. A value outside its range cannot describe real hardware, so it is refused on load instead
 * of surfacing later as a strange plan. Which parameters a family uses is the resolver's business:
 * SMMUv1/v2 take the bank, SMR and bit counts; SMMUv3 the bit widths and stream-table levels;
 * DART the stream count and page size.
 */
public final class HardwareParams {

    /** One parameter: inclusive range, or an explicit set of values; {@code size} accepts K/M/G. */
    record Spec(String name, long min, long max, Set<Long> only, boolean size, String what) {
    }

    private static final Map<String, Spec> SPECS = new LinkedHashMap<>();

    static {
        // SMMUv1/v2 IDR1.NUMCB / NUMS2CB and IDR0.NUMSMRG; Linux caps all three at 128
        add(new Spec("num-context-banks", 1, 128, null, false, "context banks (IDR1.NUMCB)"));
        add(new Spec("num-s2-context-banks", 0, 128, null, false, "stage-2-only context banks (IDR1.NUMS2CB)"));
        add(new Spec("num-smrs", 0, 128, null, false, "stream match registers (IDR0.NUMSMRG)"));
        // SMMUv2 IDR0.NUMSIDB is at most 16; SMMUv3 IDR1.SIDSIZE at most 32
        add(new Spec("sid-bits", 1, 32, null, false, "stream ID bits"));
        add(new Spec("ssid-bits", 0, 20, null, false, "substream ID bits (SMMUv3 IDR1.SSIDSIZE)"));
        add(new Spec("asid-bits", 0, 0, Set.of(8L, 16L), false, "ASID bits"));
        add(new Spec("vmid-bits", 0, 0, Set.of(8L, 16L), false, "VMID bits"));
        add(new Spec("ias", 32, 64, null, false, "input address bits"));
        add(new Spec("oas", 32, 52, null, false, "output address bits"));
        add(new Spec("ubs", 32, 64, null, false, "upstream bus bits (SMMUv2 IDR2.UBS)"));
        add(new Spec("stream-table-levels", 1, 2, null, false, "SMMUv3 stream table levels (IDR0.ST_LVL)"));
        // DART: t8103/t6000 have 16 streams, t8110 up to 256 (PARAMS4)
        add(new Spec("num-sids", 1, 256, null, false, "DART streams"));
        add(new Spec("dart-page-size", 0, 0, Set.of(4096L, 16384L), true, "DART page size"));
    }

    private HardwareParams() {
    }

    private static void add(Spec s) {
        SPECS.put(s.name(), s);
    }

    /** The known parameter names, in documentation order. */
    public static Set<String> names() {
        return SPECS.keySet();
    }

    static Spec spec(String name) {
        return SPECS.get(name);
    }

    /** Null when {@code value} is valid for the parameter, else why not. */
    static String problem(Spec s, long value) {
        if (s.only() != null) {
            return s.only().contains(value) ? null
                    : "must be one of " + (s.size() ? "4K, 16K" : s.only().stream().sorted().toList())
                    + " (" + s.what() + ")";
        }
        return value >= s.min() && value <= s.max() ? null
                : "must be between " + s.min() + " and " + s.max() + " (" + s.what() + ")";
    }
}
