package dev.iommuc.cpp;

import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.Severity;
import dev.iommuc.diag.SourcePos;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --cpp=system}: runs the host's {@code cpp -nostdinc -undef -D__DTS__ -x assembler-with-cpp}
 * and returns its standard output (one char per byte, like {@link Preprocessor}). cpp's messages
 * become {@code cpp-system} diagnostics at the file and line cpp names, with its
 * "In file included from" lines as notes.
 */
public final class SystemPreprocessor {

    private static final Pattern MESSAGE =
            Pattern.compile("^(.+?):(\\d+):(?:(\\d+):)? (fatal error|error|warning|note): (.*)$");
    private static final Pattern INCLUDED = Pattern.compile("^(?:In file included|\\s+) from (.+?):(\\d+)[:,]$");
    private static final long TIMEOUT_SECONDS = 300;

    private final CppOptions options;
    private final Diagnostics diags;
    private final String command;

    public SystemPreprocessor(CppOptions options, Diagnostics diags) {
        this(options, diags, "cpp");
    }

    /** {@code command} is the cpp executable to run (default {@code cpp} on the PATH). */
    public SystemPreprocessor(CppOptions options, Diagnostics diags, String command) {
        this.options = options;
        this.diags = diags;
        this.command = command;
    }

    /** The command line that {@link #preprocess} runs. */
    public List<String> commandLine(Path file) {
        List<String> cmd = new ArrayList<>(List.of(command, "-nostdinc", "-undef", "-D__DTS__", "-x",
                "assembler-with-cpp"));
        for (Path dir : options.includeDirs()) {
            cmd.add("-I");
            cmd.add(dir.toString());
        }
        for (Map.Entry<String, String> d : options.defines().entrySet()) {
            cmd.add("-D" + d.getKey() + (d.getValue() == null ? "" : "=" + d.getValue()));
        }
        cmd.add(file.toString());
        return cmd;
    }

    public String preprocess(Path file) {
        List<String> cmd = commandLine(file);
        Process proc;
        try {
            proc = new ProcessBuilder(cmd).start();
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            diags.error("cpp-system", new SourcePos(file.toString(), 0, 0, 0, 0), "cannot run " + command + ": "
                    + e.getMessage());
            return "";
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = new Thread(() -> drain(proc.getErrorStream(), err), "cpp-stderr");
        errReader.setDaemon(true);
        errReader.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
        int status;
        try {
            proc.getOutputStream().close();
            drain(proc.getInputStream(), out);
            if (!proc.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                proc.destroyForcibly();
                diags.error("cpp-system", new SourcePos(file.toString(), 0, 0, 0, 0), command + " timed out");
                return "";
            }
            errReader.join(TimeUnit.SECONDS.toMillis(10));
            status = proc.exitValue();
        } catch (IOException | UncheckedIOException e) {
            proc.destroyForcibly();
            diags.error("cpp-system", new SourcePos(file.toString(), 0, 0, 0, 0), "reading cpp output: "
                    + e.getMessage());
            return "";
        } catch (InterruptedException e) {
            proc.destroyForcibly();
            Thread.currentThread().interrupt();
            return "";
        }
        int errors = reportMessages(new String(err.toByteArray(), Preprocessor.CHARSET));
        if (status != 0 && errors == 0) {
            diags.error("cpp-system", new SourcePos(file.toString(), 0, 0, 0, 0), command + " exited with status "
                    + status);
        }
        return new String(out.toByteArray(), Preprocessor.CHARSET);
    }

    private static void drain(InputStream in, ByteArrayOutputStream to) {
        byte[] buf = new byte[1 << 16];
        try (in) {
            for (int n; (n = in.read(buf)) > 0; ) {
                to.write(buf, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Turns cpp's stderr into diagnostics; returns the number of errors. */
    int reportMessages(String stderr) {
        List<Diagnostic.Note> trail = new ArrayList<>();
        List<Diagnostic> pending = new ArrayList<>();
        int errors = 0;
        for (String line : stderr.split("\n")) {
            Matcher inc = INCLUDED.matcher(line);
            if (inc.matches()) {
                String f = inc.group(1);
                int l = Integer.parseInt(inc.group(2));
                trail.add(new Diagnostic.Note(SourcePos.of(f, l, 1), "in file included from " + f + ":" + l));
                continue;
            }
            Matcher m = MESSAGE.matcher(line);
            if (m.matches()) {
                int l = Integer.parseInt(m.group(2));
                int c = m.group(3) == null ? 1 : Integer.parseInt(m.group(3));
                SourcePos pos = SourcePos.of(m.group(1), l, c);
                String kind = m.group(4);
                if (kind.equals("note") && !pending.isEmpty()) {
                    Diagnostic last = pending.remove(pending.size() - 1);
                    List<Diagnostic.Note> notes = new ArrayList<>(last.notes());
                    notes.add(new Diagnostic.Note(pos, m.group(5)));
                    pending.add(new Diagnostic(last.severity(), last.check(), last.pos(), "", last.message(), notes));
                    continue;
                }
                Severity sev = kind.equals("warning") ? Severity.WARNING
                        : kind.equals("note") ? Severity.NOTE : Severity.ERROR;
                pending.add(new Diagnostic(sev, "cpp-system", pos, "", m.group(5), trail));
                trail = new ArrayList<>();
                continue;
            }
            if (line.startsWith(command + ": ") || line.startsWith("cpp: ")) {
                String msg = line.substring(line.indexOf(": ") + 2);
                boolean warn = msg.startsWith("warning:");
                pending.add(new Diagnostic(warn ? Severity.WARNING : Severity.ERROR, "cpp-system",
                        SourcePos.UNKNOWN, "", msg, List.of()));
            }
        }
        for (Diagnostic d : pending) {
            if (d.severity() == Severity.ERROR) {
                errors++;
            }
            diags.add(d);
        }
        return errors;
    }
}
