package dev.iommuc.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The warm-up board must go through every phase cleanly, or the warm-up would stop short of its purpose. */
class WarmupTest {

    @Test
    void theWarmupBoardGoesAllTheWay() {
        assertTrue(Warmup.run(false), "front end");
        assertTrue(Warmup.run(true), "whole pipeline");
    }
}
