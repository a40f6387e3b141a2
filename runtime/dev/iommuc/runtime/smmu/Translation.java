package dev.iommuc.runtime.smmu;

/**
 * The outcome of one transaction through the emulated SMMU.
 *
 * @param pa          the output address (TRANSLATED, BYPASS), else 0
 * @param sme         the stream-map entry that matched (SMR index, or the SID with stream indexing), or null
 * @param contextBank the bank that translated or faulted, or null
 * @param fault       null unless the outcome is a fault
 * @param level       the table level the walk ended at (context faults and translations), else -1
 * @param detail      a human-readable account (which register decided)
 */
public record Translation(Outcome outcome, long pa, Integer sme, Integer contextBank, Fault fault, int level,
                          String detail) {

    /** Where the transaction went. */
    public enum Outcome { TRANSLATED, BYPASS, GLOBAL_FAULT, CONTEXT_FAULT }

    /**
     * Global faults (recorded in sGFSR) and context faults (recorded in the bank's FSR). A stream whose
     * S2CR says FAULT is recorded as an unidentified stream fault (an inference; the reference names
     * no sGFSR class for it).
     */
    public enum Fault {
        UNMATCHED_STREAM, STREAM_FAULT, STREAM_MATCH_CONFLICT, INVALID_CONTEXT,
        TRANSLATION, PERMISSION, ADDRESS_SIZE, ACCESS_FLAG
    }

    public boolean ok() {
        return fault == null;
    }
}
