package dev.iommuc.runtime.smmuv3;

/**
 * The outcome of one transaction through the emulated SMMUv3.
 *
 * @param pa       the output address (TRANSLATED, BYPASS), else 0
 * @param event    the event the SMMU raised, or null (translated, bypassed, or aborted silently)
 * @param recorded whether that event went to the event queue (CD.R / STE.S2R for translation faults)
 * @param asid     the ASID of the CD used (stage 1), else null
 * @param level    the table level the walk ended at, else -1
 * @param detail   which register, STE or CD word decided, for humans
 */
public record V3Translation(Outcome outcome, long pa, V3Event event, boolean recorded, Integer asid, int level,
                            String detail) {

    /** TRANSLATED, BYPASS (STE Config 4 or SMMU disabled), ABORT (Config 0–3 or GBPA.ABORT; no event), FAULT. */
    public enum Outcome { TRANSLATED, BYPASS, ABORT, FAULT }

    public boolean ok() {
        return outcome == Outcome.TRANSLATED || outcome == Outcome.BYPASS;
    }
}
