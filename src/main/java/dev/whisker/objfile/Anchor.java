package dev.whisker.objfile;

import java.util.Optional;

/**
 * The static address of the symbol a running process reports so the dev server can compute its load slide.
 *
 * @param symbolName the name looked up, as stored in the table (with Mach-O's underscore)
 * @param staticAddress its link-time address, or 0 when the symbol is missing
 * @param warning present when the symbol is missing or ambiguous; the caller turns it into a user-facing event
 */
public record Anchor(String symbolName, long staticAddress, Optional<String> warning) {

  /** Returns whether the anchor was found exactly once, so patches for this binary can be dispatched. */
  public boolean found() {
    return warning.isEmpty();
  }
}
