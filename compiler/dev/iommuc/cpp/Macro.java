package dev.iommuc.cpp;

import java.util.Arrays;

/**
 * A macro definition. {@code body} tokens carry {@link Tok#PASTE_LEFT} where a {@code ##} followed
 * them (the {@code ##} itself is dropped) and {@link Tok#STRINGIFY} on parameters preceded by
 * {@code #}; parameters are tokens with {@link Tok#param} set. Immutable, so a definition parsed
 * from a shared file can be reused by every board (see {@link LexedFile#cachedDefinition}).
 */
final class Macro {

    /** A definition in one run's macro table; {@code disabled} counts its live expansions. */
    static final class Live {
        final Macro def;
        int disabled;
        /** The serial of the memo recorder that last saw this definition (MacroTable.lookup), 0: none. */
        long seenBy;

        Live(Macro def) {
            this.def = def;
        }
    }

    enum Builtin { NONE, FILE, LINE, COUNTER, INCLUDE_LEVEL, BASE_FILE, STDC, HAS_INCLUDE, HAS_INCLUDE_NEXT }

    final String name;
    final boolean funLike;
    final String[] params;
    final boolean variadic;
    final Tok[] body;
    final Builtin builtin;
    /** Where it was defined (for notes); file display name and line, or null for built-ins. */
    final String defFile;
    final int defLine;
    /** 64-bit digest of the definition, for the include-cycle fingerprint. */
    final long digest;

    Macro(String name, boolean funLike, String[] params, boolean variadic, Tok[] body, Builtin builtin,
          String defFile, int defLine) {
        this.name = name;
        this.funLike = funLike;
        this.params = params;
        this.variadic = variadic;
        this.body = body;
        this.builtin = builtin;
        this.defFile = defFile;
        this.defLine = defLine;
        this.digest = computeDigest();
    }

    static Macro builtin(String name, Builtin b) {
        return new Macro(name, false, new String[0], false, new Tok[0], b, null, 0);
    }

    int nparams() {
        return params.length;
    }

    /** Same definition in the sense of C 6.10.3p2 (a redefinition that needs no warning). */
    boolean sameAs(Macro o) {
        if (o == this) {
            return true;
        }
        if (funLike != o.funLike || variadic != o.variadic || builtin != o.builtin
                || !Arrays.equals(params, o.params) || body.length != o.body.length) {
            return false;
        }
        for (int i = 0; i < body.length; i++) {
            Tok a = body[i];
            Tok b = o.body[i];
            int mask = i == 0 ? ~Tok.PREV_WHITE : ~0;
            if (a.kind != b.kind || a.param != b.param || (a.flags & mask) != (b.flags & mask)
                    || !a.text.equals(b.text)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Interchangeable for expansion: {@link #sameAs} and also the same leading white space (which
     * {@link #sameAs} ignores but the printer's spacing may use). Where it was defined does not count;
     * that only shows in diagnostics.
     */
    boolean equivalent(Macro o) {
        return o == this || (name.equals(o.name) && sameAs(o)
                && (body.length == 0 || body[0].flags == o.body[0].flags));
    }

    private long computeDigest() {
        long h = mix(name.hashCode() * 0x9E3779B97F4A7C15L + (funLike ? 1 : 2));
        for (String p : params) {
            h = mix(h * 31 + p.hashCode());
        }
        h = mix(h + (variadic ? 7 : 3) + builtin.ordinal());
        for (Tok t : body) {
            h = mix(h * 31 + t.text.hashCode() * 17L + t.kind * 131L + t.flags * 7L + t.param);
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
