package dev.iommuc.runtime.pgtable;

/**
 * The outcome of a table walk for one access, as the hardware sees it: the output address, or the
 * fault it raises.
 *
 * @param fault  null when translated
 * @param level  level at which the walk ended (the leaf's level, or where it faulted)
 * @param pte    the last descriptor read
 */
public record Walk(long pa, Fault fault, int level, long pte) {

    /** Faults a walk can raise (ARM SMMU fault classes; DART: translation only). */
    public enum Fault { TRANSLATION, PERMISSION, ADDRESS_SIZE, ACCESS_FLAG }

    public boolean ok() {
        return fault == null;
    }
}
