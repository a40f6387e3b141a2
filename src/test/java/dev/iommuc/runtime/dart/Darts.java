package dev.iommuc.runtime.dart;

import dev.iommuc.runtime.mem.SimulatedMemory;
import dev.iommuc.runtime.plan.DomainType;
import dev.iommuc.runtime.plan.IommuFamily;
import dev.iommuc.runtime.plan.Kernel;
import dev.iommuc.runtime.plan.PlanIommu;
import dev.iommuc.runtime.plan.PlanMaster;
import dev.iommuc.runtime.plan.PlanParam;
import dev.iommuc.runtime.plan.PlanStream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plan records for the DARTs of reference/dart-smmuv3-of.md worked example 1, built by hand. */
final class Darts {

    private Darts() {
    }

    static final long SZ_16K = 1L << 14;
    /** Worked example 1: the first table allocation lands at 0x8_1000_0000. */
    static final long TABLES = 0x8_1000_0000L;

    static Kernel kernel16k() {
        return new Kernel(SZ_16K, DomainType.DMA, true, Kernel.DartSmallPages.FORCE_BYPASS, false);
    }

    static Kernel kernel4k(Kernel.DartSmallPages policy) {
        return new Kernel(4096, DomainType.DMA, true, policy, false);
    }

    static SimulatedMemory memory() {
        return new SimulatedMemory(TABLES, 1L << 32);
    }

    /** The catalogue's parameters of a variant (resolve/HwCatalogue.java), plus extras (name, value, ...). */
    static PlanIommu dart(String id, String impl, Object... extra) {
        Map<String, Long> p = new LinkedHashMap<>();
        switch (impl) {
            case "t8103" -> p.putAll(params("num-streams", 16, "ttbrs-per-stream", 4, "ias", 32, "oas", 36,
                    "page-size", SZ_16K, "pte-format", 1, "supports-bypass", 1));
            case "t8103-usb4" -> p.putAll(params("num-streams", 64, "ttbrs-per-stream", 4, "ias", 32, "oas", 36,
                    "page-size", SZ_16K, "pte-format", 1, "supports-bypass", 0));
            case "t6000" -> p.putAll(params("num-streams", 16, "ttbrs-per-stream", 4, "ias", 32, "oas", 42,
                    "page-size", SZ_16K, "pte-format", 2, "supports-bypass", 1));
            // worked example 1c: PARAMS3 VA_WIDTH 36, PA_WIDTH 42; PARAMS4 NUM_SIDS 16
            case "t8110" -> p.putAll(params("num-streams", 16, "ttbrs-per-stream", 1, "ias", 36, "oas", 42,
                    "page-size", SZ_16K, "pte-format", 2, "supports-bypass", 1));
            default -> throw new IllegalArgumentException(impl);
        }
        p.putAll(params(extra));
        Map<String, PlanParam> pp = new LinkedHashMap<>();
        p.forEach((k, v) -> pp.put(k, new PlanParam(v, "test", "test")));
        return new PlanIommu(id, null, List.of("apple," + impl + "-dart"), IommuFamily.APPLE_DART, impl, null, true,
                1, false, pp);
    }

    static Map<String, Long> params(Object... kv) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).longValue());
        }
        return m;
    }

    /** A master with {@code iommus = <&a sid>, ...}: pairs of (dart id, sid). */
    static PlanMaster master(String id, DomainType requested, Object... dartSid) {
        List<PlanStream> streams = new ArrayList<>();
        for (int i = 0; i < dartSid.length; i += 2) {
            streams.add(new PlanStream((String) dartSid[i], ((Number) dartSid[i + 1]).longValue(), 0, "iommus", null));
        }
        return new PlanMaster(id, null, List.of("test,dev"), streams, requested, null, 0, null);
    }

    /** The writes logged after {@code from}, as "offset <- value" strings. */
    static List<String> writesSince(AppleDart d, int from) {
        List<String> out = new ArrayList<>();
        d.registers().writes().subList(from, d.registers().writes().size()).forEach(w -> out.add(w.toString()));
        return out;
    }

    static String w(int offset, long value) {
        return new DartRegisters.Write(offset, (int) value).toString();
    }
}
