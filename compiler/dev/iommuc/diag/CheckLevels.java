package dev.iommuc.diag;

import java.util.HashMap;
import java.util.Map;

/**
 * Per-check warn/error flags, changed by {@code -W name}, {@code -E name}, {@code -Wno-name},
 * {@code -Eno-name} as dtc's {@code parse_checks_option} does: the two flags are independent, so
 * {@code -Wno-x} does not silence an error-level check (that needs {@code -Eno-x}). Whether a name is
 * known is the caller's business (dtc dies on an unknown name; iommuc warns and goes on).
 */
public final class CheckLevels {

    /** Explicit settings; a null flag keeps the check's built-in level. */
    private static final class Flags {
        Boolean warn;
        Boolean error;
    }

    private final Map<String, Flags> overrides = new HashMap<>();

    /** Applies one {@code -W}/{@code -E} argument (without the dash letter); {@code error} selects -E. */
    public void set(String arg, boolean error) {
        boolean enable = true;
        String name = arg;
        if (name.startsWith("no-") || name.startsWith("no_")) {
            enable = false;
            name = name.substring(3);
        }
        Flags f = overrides.computeIfAbsent(normalise(name), k -> new Flags());
        if (error) {
            f.error = enable;
        } else {
            f.warn = enable;
        }
    }

    /** dtc spells check names with underscores; we accept either spelling. */
    public static String normalise(String name) {
        return name.replace('-', '_');
    }

    /** Effective severity of {@code check} whose built-in level is {@code dflt}; {@code null} means off. */
    public Severity effective(String check, Severity dflt) {
        boolean warn = dflt == Severity.WARNING || dflt == Severity.NOTE;
        boolean err = dflt == Severity.ERROR;
        Flags f = overrides.get(normalise(check));
        if (f != null) {
            if (f.warn != null) warn = f.warn;
            if (f.error != null) err = f.error;
        }
        if (err) return Severity.ERROR;
        if (warn) return dflt == Severity.NOTE ? Severity.NOTE : Severity.WARNING;
        return null;
    }

    public boolean isEnabled(String check, Severity dflt) {
        return effective(check, dflt) != null;
    }
}
