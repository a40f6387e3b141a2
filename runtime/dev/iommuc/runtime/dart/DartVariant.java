package dev.iommuc.runtime.dart;

import java.util.Map;

/**
 * The driver's per-variant settings ({@code apple_dart_hw}, reference/dart-smmuv3-of.md A.1), picked by
 * the plan's impl: register layout, TTBR base and the parameter values the variant has when the plan
 * does not state them. T8110 reads ias, oas and the stream count from PARAMS3/PARAMS4 instead.
 */
public enum DartVariant {
    T8103("t8103", DartLayout.T8020, 0x200, Map.of("num-streams", 16L, "ttbrs-per-stream", 4L, "ias", 32L,
            "oas", 36L, "page-size", 1L << 14, "pte-format", 1L, "supports-bypass", 1L)),
    /** Asahi only: 64 SIDs, TTBRs at 0x400, no bypass (tcr_bypass = 0). */
    T8103_USB4("t8103-usb4", DartLayout.T8020, 0x400, Map.of("num-streams", 64L, "ttbrs-per-stream", 4L, "ias", 32L,
            "oas", 36L, "page-size", 1L << 14, "pte-format", 1L, "supports-bypass", 0L)),
    T6000("t6000", DartLayout.T8020, 0x200, Map.of("num-streams", 16L, "ttbrs-per-stream", 4L, "ias", 32L,
            "oas", 42L, "page-size", 1L << 14, "pte-format", 2L, "supports-bypass", 1L)),
    /** Also every later DART bound through the t8110 fallback (apple,t6020-dart: ias 42). */
    T8110("t8110", DartLayout.T8110, 0x1400, Map.of("num-streams", 256L, "ttbrs-per-stream", 1L, "ias", 36L,
            "oas", 42L, "page-size", 1L << 14, "pte-format", 2L, "supports-bypass", 1L));

    /** DART_MAX_STREAMS (A.1): probe fails above it. */
    public static final int MAX_STREAMS = 256;

    private final String impl;
    private final DartLayout layout;
    private final int ttbrBase;
    private final Map<String, Long> defaults;

    DartVariant(String impl, DartLayout layout, int ttbrBase, Map<String, Long> defaults) {
        this.impl = impl;
        this.layout = layout;
        this.ttbrBase = ttbrBase;
        this.defaults = defaults;
    }

    public String impl() {
        return impl;
    }

    public DartLayout layout() {
        return layout;
    }

    public int ttbrBase() {
        return ttbrBase;
    }

    long dflt(String param) {
        return defaults.get(param);
    }

    /** The variant for a plan's impl name (the resolver's apple_dart_of_match), or null. */
    public static DartVariant of(String impl) {
        for (DartVariant v : values()) {
            if (v.impl.equals(impl)) {
                return v;
            }
        }
        return null;
    }
}
