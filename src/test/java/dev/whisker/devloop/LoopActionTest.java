package dev.whisker.devloop;

import static dev.whisker.devloop.LoopAction.decideAction;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.whisker.watch.ChangeKind;
import org.junit.jupiter.api.Test;

class LoopActionTest {

    @Test
    void rustChangeWithPatcherIsPatched() {
        assertEquals(LoopAction.HOT_PATCH, decideAction(ChangeKind.RUST_SOURCE, true));
    }

    @Test
    void rustChangeWithoutPatcherPromptsForReload() {
        assertEquals(LoopAction.PROMPT_FULL_RELOAD, decideAction(ChangeKind.RUST_SOURCE, false));
    }

    @Test
    void manifestChangeAlwaysPromptsForReload() {
        assertEquals(LoopAction.PROMPT_FULL_RELOAD, decideAction(ChangeKind.CARGO_MANIFEST, true));
        assertEquals(LoopAction.PROMPT_FULL_RELOAD, decideAction(ChangeKind.CARGO_MANIFEST, false));
    }

    @Test
    void otherChangeIsIgnored() {
        assertEquals(LoopAction.IGNORE, decideAction(ChangeKind.OTHER, true));
        assertEquals(LoopAction.IGNORE, decideAction(ChangeKind.OTHER, false));
    }

    @Test
    void packageFileWithPatcherGoesToPatcher() {
        assertEquals(LoopAction.HOT_PATCH, decideAction(ChangeKind.PACKAGE_FILE, true));
    }

    @Test
    void packageFileWithoutPatcherIsIgnored() {
        assertEquals(LoopAction.IGNORE, decideAction(ChangeKind.PACKAGE_FILE, false));
    }

    @Test
    void fullModeIgnoresPackageFiles() {
        assertEquals(LoopAction.IGNORE, decideAction(ChangeKind.PACKAGE_FILE, Mode.FULL, true));
    }

    @Test
    void hotModeFollowsTwoArgumentRule() {
        for (ChangeKind kind : ChangeKind.values()) {
            assertEquals(decideAction(kind, true), decideAction(kind, Mode.HOT, true), kind.name());
            assertEquals(decideAction(kind, false), decideAction(kind, Mode.HOT, false), kind.name());
        }
    }

    @Test
    void fullModeReloadsRustAndManifestChanges() {
        assertEquals(LoopAction.FULL_RELOAD, decideAction(ChangeKind.RUST_SOURCE, Mode.FULL, true));
        assertEquals(LoopAction.FULL_RELOAD, decideAction(ChangeKind.CARGO_MANIFEST, Mode.FULL, false));
        assertEquals(LoopAction.IGNORE, decideAction(ChangeKind.OTHER, Mode.FULL, false));
    }

    @Test
    void offModeIgnoresEverything() {
        for (ChangeKind kind : ChangeKind.values()) {
            assertEquals(LoopAction.IGNORE, decideAction(kind, Mode.OFF, true), kind.name());
        }
    }
}
