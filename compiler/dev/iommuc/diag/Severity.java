package dev.iommuc.diag;

/** Severity of a diagnostic; {@link #NOTE} only appears attached to another diagnostic or alone as information. */
public enum Severity {
    ERROR, WARNING, NOTE;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
