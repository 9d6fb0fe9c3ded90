package io.creatorscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.common.UserError;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A shell line splits into the arguments a POSIX shell would pass for the same command line. */
class ShellWordsTest {
  @Test
  void blanksSeparateWordsAndRunsOfThemCountOnce() {
    assertEquals(List.of("discover", "--niche", "fitness", "--top", "5"),
        ShellWords.split("  discover\t--niche fitness   --top 5 "));
    assertEquals(List.of(), ShellWords.split("   "));
  }

  @Test
  void quotesKeepBlanksAndTheOtherQuote() {
    assertEquals(List.of("query", "SELECT * FROM t WHERE niche = 'fitness'"),
        ShellWords.split("query \"SELECT * FROM t WHERE niche = 'fitness'\""));
    assertEquals(List.of("query", "SELECT \"a b\" FROM t"), ShellWords.split("query 'SELECT \"a b\" FROM t'"));
    // Quoted and bare parts of one word join, and an empty quoted word is still a word.
    assertEquals(List.of("--niche=fit ness", ""), ShellWords.split("--niche='fit ness' \"\""));
  }

  @Test
  void backslashesEscapeOutsideSingleQuotes() {
    assertEquals(List.of("a b", "say \"hi\" \\", "c\\d", "e\\"), ShellWords.split(
        "a\\ b \"say \\\"hi\\\" \\\\\" 'c\\d' e\\"));
    // In double quotes a backslash before another character stays, as in sh.
    assertEquals(List.of("x\\ny"), ShellWords.split("\"x\\ny\""));
  }

  @Test
  void aHashStartingAWordStartsAComment() {
    assertEquals(List.of("discover", "--top", "5"), ShellWords.split("discover --top 5  # the best five"));
    assertEquals(List.of(), ShellWords.split("# a whole line"));
    // Inside a word or quotes it is text, as in sh.
    assertEquals(List.of("a#b", "# c", "#d"), ShellWords.split("a#b '# c' \\#d"));
  }

  @Test
  void anUnclosedQuoteIsAUserErrorNamingItsColumn() {
    UserError single = assertThrows(UserError.class, () -> ShellWords.split("query 'SELECT 1"));
    assertTrue(single.getMessage().startsWith("the quote ' at column 7 is not closed"), single.getMessage());
    UserError dbl = assertThrows(UserError.class, () -> ShellWords.split("query \"SELECT \\\"1"));
    assertTrue(dbl.getMessage().startsWith("the quote \" at column 7 is not closed"), dbl.getMessage());
  }
}
