package dev.whisker.devloop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DevCommandTest {

    @Test
    void keysMapToCommands() {
        assertEquals(Optional.of(DevCommand.HOT_RELOAD), DevCommand.parseKey("r"));
        assertEquals(Optional.of(DevCommand.FULL_RELOAD), DevCommand.parseKey("R"));
        assertEquals(Optional.of(DevCommand.QUIT), DevCommand.parseKey("q"));
    }

    @Test
    void surroundingBlanksAreIgnored() {
        assertEquals(Optional.of(DevCommand.FULL_RELOAD), DevCommand.parseKey("  R \r"));
    }

    @Test
    void otherInputIsNoCommand() {
        assertEquals(Optional.empty(), DevCommand.parseKey(""));
        assertEquals(Optional.empty(), DevCommand.parseKey("Q"));
        assertEquals(Optional.empty(), DevCommand.parseKey("rr"));
        assertEquals(Optional.empty(), DevCommand.parseKey("quit"));
    }
}
