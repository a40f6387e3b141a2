/**
 * The C preprocessor for device-tree sources: a pure-Java equivalent of
 * {@code cpp -nostdinc -I <dirs> -undef -D__DTS__ -x assembler-with-cpp} as Linux kbuild runs it,
 * plus {@link dev.iommuc.cpp.SystemPreprocessor} to run the host cpp instead ({@code --cpp=system}).
 *
 * <h2>Pipeline</h2>
 * <ol>
 *   <li>{@code CppLexer} (phases 1-3) lexes each file once into a {@code LexedFile}: spliced text with
 *       comments blanked, plus token arrays. {@link dev.iommuc.cpp.SourceCache} keeps these for the
 *       life of the JVM, shared by every board and thread; parsed {@code #define}s are cached too.</li>
 *   <li>{@link dev.iommuc.cpp.Preprocessor} walks the tokens of the top file: directives go to
 *       {@code Directives}, macro names to {@code Expander}, everything else straight to
 *       {@code Printer}, which copies the original text (so unexpanded lines keep their columns).</li>
 *   <li>{@code Expander} implements macro replacement the way GNU cpp does it (contexts, disabled
 *       macros, painted tokens, argument pre-expansion, lazy {@code ##}, padding tokens that decide
 *       where the printer needs a space), {@code IfExpr} the {@code #if} arithmetic.</li>
 *   <li>{@code IncludeReplay} records what an included file's processing depended on (the first
 *       answer to every macro question it asked) and produced; {@link dev.iommuc.cpp.ExpansionMemo}
 *       (in the {@code SourceCache}) keeps those records, so a later include of the file in an
 *       equivalent state, by any board of the run, replays the text instead of expanding it.</li>
 * </ol>
 *
 * <h2>Assembler-with-cpp behaviour (what dtc input needs)</h2>
 * <ul>
 *   <li>{@code #word} lines that are no directive ({@code #address-cells = <1>;}) are text; their
 *       words are still macro-expanded, as in GNU cpp. {@code # 12 "x"} is text too.</li>
 *   <li>{@code $} is not an identifier character; digraphs are off; a quote not closed on its line
 *       takes the rest of the line as one token, silently (so {@code don't} is harmless).</li>
 *   <li>In a function-like macro body {@code #} not followed by a parameter is an ordinary token
 *       (GNU cpp accepts {@code #define CELLS(n) #address-cells = <n>} in this mode); invalid
 *       {@code ##} pastes leave the two tokens, without error.</li>
 *   <li>A {@code #} line inside macro arguments that is not a directive ends the argument (GNU's
 *       behaviour; it usually produces an argument-count error).</li>
 *   <li>Only {@code __DTS__} (1) and the GNU built-ins {@code __FILE__}, {@code __LINE__},
 *       {@code __COUNTER__}, {@code __INCLUDE_LEVEL__}, {@code __BASE_FILE__}, {@code __STDC__} and
 *       {@code __has_include} exist; {@code __DATE__}/{@code __TIME__} are deliberately absent
 *       (reproducible output). {@code linux}, {@code unix} are not macros.</li>
 *   <li>{@code #pragma} is ignored except {@code #pragma once}; {@code #ident}, {@code #assert}
 *       are ignored; {@code #include_next} and {@code #import} work as in GNU cpp.</li>
 * </ul>
 *
 * <h2>Output</h2>
 * Line markers {@code # <line> "<file>" [1|2]} as GNU cpp prints them (1 entering an include,
 * 2 returning); gaps of up to 7 lines are filled with blank lines. A guarded header that is
 * included again is skipped without markers (GNU's multiple-include optimisation). Text is one
 * char per byte ({@link dev.iommuc.cpp.Preprocessor#CHARSET ISO-8859-1}).
 *
 * <h2>Bounds</h2>
 * Include depth 200 ({@code cpp-include-depth}); an include that would re-enter a file already on
 * the stack in the same macro state can only recur forever and is reported at once
 * ({@code cpp-include-cycle}); expansion is limited to 10M steps and 64 MiB of output or of one
 * token ({@code cpp-macro-expansion-limit}); argument pre-expansion nests at most 200 deep; the
 * {@code #if} evaluator and conditional skipping use no recursion.
 */
package dev.iommuc.cpp;
