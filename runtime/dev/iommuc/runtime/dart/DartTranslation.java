package dev.iommuc.runtime.dart;

/**
 * One transaction through an emulated DART.
 *
 * @param pa     the output address (TRANSLATED, BYPASS), else 0
 * @param fault  the ERROR.CODE class (FAULT only)
 * @param error  the ERROR register word the fault latched (FLAG | STREAM | CODE), else 0
 * @param level  table level the walk ended at (0–2; -1 at the TTBR or without a walk)
 * @param detail which register or entry decided
 */
public record DartTranslation(Outcome outcome, long pa, int sid, DartFault fault, long error, int level,
                              String detail) {

    /**
     * Where the transaction went. BLOCKED: TCR has neither TRANSLATE nor BYPASS (or the stream is
     * disabled or does not exist); the reference names no error code for it, so none is latched.
     */
    public enum Outcome { TRANSLATED, BYPASS, BLOCKED, FAULT }

    public boolean ok() {
        return outcome == Outcome.TRANSLATED || outcome == Outcome.BYPASS;
    }
}
