package dev.iommuc.resolve;

import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.SourcePos;

import java.util.List;

/**
 * Turns one specifier (the cells after an IOMMU phandle, an {@code iommu-map} output or a legacy
 * {@code mmu-masters} fwid) into a stream as the provider's driver decodes it, and checks it against
 * the provider's parameters as the driver's {@code probe_device} would.
 */
final class Specifiers {

    private static final long FWID_FIELD = 0xffffL;

    private Specifiers() {
    }

    /** A decoded stream, and why the driver rejects it (null when it accepts it). */
    record Decoded(StreamRef ref, String rejected) {
    }

    /** Where a specifier was stated, for diagnostics. */
    record Site(Diagnostics diags, SourcePos pos, String subject) {
    }

    static Decoded decode(Provider p, StreamRef.Via via, int index, List<Long> args, Long rid, Site site) {
        long sid;
        long mask = 0;
        switch (p.family()) {
            case ARM_SMMU -> {
                if (via == StreamRef.Via.MMU_MASTERS) {
                    // §1.5 legacy: the master's cell is the raw fwid; bits above 15 land in the mask field
                    long fwid = args.get(0);
                    sid = fwid & FWID_FIELD;
                    mask = (fwid >>> 16) & FWID_FIELD;
                } else {
                    // §1.5 arm_smmu_of_xlate: SID in fwid[15:0]; mask from the 2nd cell, else the SMMU's
                    // stream-match-mask, else 0; FIELD_PREP drops everything above 16 bits
                    long rawSid = args.isEmpty() ? 0 : args.get(0);
                    Long rawMask = args.size() >= 2 ? Long.valueOf(args.get(1))
                            : p.params().containsKey("stream-match-mask") ? p.param("stream-match-mask", 0) : null;
                    sid = rawSid & FWID_FIELD;
                    mask = rawMask == null ? 0 : rawMask & FWID_FIELD;
                    truncated(site, p, "stream ID", rawSid);
                    if (rawMask != null) {
                        truncated(site, p, args.size() >= 2 ? "SMR mask" : "stream-match-mask", rawMask);
                    }
                }
            }
            default -> sid = args.isEmpty() ? 0 : args.get(0);
        }
        StreamRef ref = new StreamRef(p.path(), via, index, args, sid, mask, rid);
        String rejected = range(p, sid, mask);
        if (rejected != null) {
            IommuCheck.SID_OUT_OF_RANGE.report(site.diags(), site.pos(), site.subject(), rejected);
        }
        return new Decoded(ref, rejected);
    }

    private static void truncated(Site site, Provider p, String what, long raw) {
        if ((raw & ~FWID_FIELD) != 0) {
            IommuCheck.FWID_TRUNCATED.report(site.diags(), site.pos(), site.subject(), String.format(
                    "%s 0x%x does not fit the 16-bit fwid field of %s: arm-smmu uses 0x%x (§1.5)",
                    what, raw, p.path(), raw & FWID_FIELD));
        }
    }

    /** The probe_device range checks (arm-smmu-v2.md §1.7, dart-smmuv3-of.md B.3), or null when in range. */
    private static String range(Provider p, long sid, long mask) {
        switch (p.family()) {
            case ARM_SMMU -> {
                long sidMask = p.param("exids", 0) != 0 ? 0xffff : bits(p.param("sid-bits", 16));
                // with stream indexing there are no SMRs and smr_mask_mask stays 0 (§1.4)
                long smrMask = p.param("stream-matching", 1) != 0 ? bits(p.param("smr-mask-bits", 16)) : 0;
                if ((sid & ~sidMask) != 0) {
                    return String.format("stream ID 0x%x out of range for SMMU %s (0x%x)", sid, p.path(), sidMask);
                }
                if ((mask & ~smrMask) != 0) {
                    return String.format("SMR mask 0x%x out of range for SMMU %s (0x%x)", mask, p.path(), smrMask);
                }
                return null;
            }
            case ARM_SMMU_V3 -> {
                // arm_smmu_sid_in_range: 2^sid_bits entries (a 2-level table covers up to 2^17 * 256); the
                // table is 2-level when stream-table-levels is 2 (IDR0.ST_LVL = 1) and sid-bits > 8 (B.3)
                long sidBits = p.param("sid-bits", 32);
                long limit = p.param("stream-table-levels", 2) == 2 && sidBits > 8
                        ? Math.min(1L << Math.min(sidBits - 8, 40), 1L << 17) * 256 : 1L << Math.min(sidBits, 40);
                return sid < limit ? null
                        : String.format("StreamID 0x%x out of range for SMMU %s (%d stream-ID bits): -ERANGE", sid,
                        p.path(), sidBits);
            }
            case APPLE_DART -> {
                long streams = p.param("num-streams", 256);
                return sid < streams ? null
                        : String.format("stream 0x%x out of range for DART %s (%d streams)", sid, p.path(), streams);
            }
            default -> {
                return null;
            }
        }
    }

    private static long bits(long n) {
        return n >= 63 ? -1L : (1L << Math.max(n, 0)) - 1;
    }
}
