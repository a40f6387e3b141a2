package dev.iommuc.resolve;

/**
 * One hardware parameter of a provider (e.g. {@code num-context-banks}, {@code sid-bits}, {@code ias})
 * with its provenance, so the report can say where each value came from.
 *
 * @param why a short reason, e.g. "8 context interrupts" or "MMU-500 default"
 */
public record Param(String name, long value, ParamSource source, String why) {
}
