package dev.iommuc.cli;

import dev.iommuc.policy.Profiles;

import java.util.Map;

/**
 * Board-independent start-up work of a single-board command, begun on a second core while the first
 * one preprocesses the board: the built-in policy profile (read with SnakeYAML, ≈ 0.1 s in a cold
 * JVM), the DTS parser's ATN (deserialized when its class initializes) and the YAML emitter's classes.
 * Whatever this thread finishes the main thread finds done; whatever it does not, the main thread
 * does itself. It never reports: a failure here is met again, and reported, where the work belongs.
 */
final class Warmup {

    private Warmup() {
    }

    /** Starts the warm-up if there is a second processor to run it on. */
    static void start(boolean policy) {
        if (Runtime.getRuntime().availableProcessors() < 2) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                Class.forName("dev.iommuc.grammar.DtsParser", true, Warmup.class.getClassLoader());
                if (policy) {
                    Profiles.get(Profiles.DEFAULT);
                    dev.iommuc.plan.YamlOut.dump(Map.of("warm", 1));
                }
            } catch (Throwable ignored) {
                // best effort only: the main thread does and reports the same work
            }
        }, "iommuc-warmup");
        t.setDaemon(true);
        t.start();
    }
}
