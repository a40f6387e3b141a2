package dev.iommuc.resolve;

/** Where a hardware parameter's value came from; later sources override earlier ones. */
public enum ParamSource {
    /** The built-in catalogue for the provider's compatible. */
    CATALOGUE,
    /** Stated or bounded by the device tree (interrupt counts, stream-match-mask, dma-coherent, …). */
    DT,
    /** A policy override. */
    POLICY
}
