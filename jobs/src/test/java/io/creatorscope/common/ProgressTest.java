package io.creatorscope.common;

import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class ProgressTest {
  /** The test JVM's stderr is a pipe to the build, as in a CI log or {@code 2> run.log}: no redrawn progress bar. */
  @Test
  void stderrPipedToTheBuildIsNotATerminal() {
    assertFalse(Progress.stderrIsTerminal());
  }
}
