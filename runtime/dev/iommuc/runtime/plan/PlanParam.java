package dev.iommuc.runtime.plan;

/** A hardware parameter value and where it came from ({@code catalogue}, {@code dt}, {@code policy}). */
public record PlanParam(long value, String source, String why) {
}
