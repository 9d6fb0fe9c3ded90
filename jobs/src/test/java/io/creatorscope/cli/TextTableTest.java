package io.creatorscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.creatorscope.common.UserError;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one renderer behind discover and query: aligned text, CSV and JSON of the same rows. */
class TextTableTest {
  private static final TextTable TABLE = new TextTable(List.of("name", "n", "note"), List.of(
      Arrays.asList("a", 1L, "plain"),
      Arrays.asList("longer name", 2.5, null),
      Arrays.asList("q", true, "has, comma and \"quotes\""),
      Arrays.asList("l", List.of(1, 2), Map.of("k", "v"))));

  @Test
  void alignedColumnsTwoSpacesApart() {
    assertEquals("""
        name         n       note
        a            1       plain
        longer name  2.5     null
        q            true    has, comma and "quotes"
        l            [1, 2]  {k=v}
        """, TABLE.render(TextTable.Format.TABLE));
  }

  @Test
  void csvQuotesWhatNeedsItAndLeavesNullEmpty() {
    assertEquals("""
        name,n,note
        a,1,plain
        longer name,2.5,
        q,true,"has, comma and ""quotes\"\""
        l,"[1, 2]",{k=v}
        """, TABLE.render(TextTable.Format.CSV));
  }

  @Test
  void jsonKeepsTypes() {
    String json = TABLE.render(TextTable.Format.JSON).replaceAll("\\s+", "");
    assertEquals("[{\"name\":\"a\",\"n\":1,\"note\":\"plain\"},{\"name\":\"longername\",\"n\":2.5,\"note\":null},"
        + "{\"name\":\"q\",\"n\":true,\"note\":\"has,commaand\\\"quotes\\\"\"},"
        + "{\"name\":\"l\",\"n\":[1,2],\"note\":{\"k\":\"v\"}}]", json);
  }

  @Test
  void jsonKeepsBothColumnsOfTheSameName() {
    String json = new TextTable(List.of("d", "d", "d"), List.of(List.of(1, 2, 3))).render(TextTable.Format.JSON);
    assertEquals("[{\"d\":1,\"d_2\":2,\"d_3\":3}]", json.replaceAll("\\s+", ""));
  }

  @Test
  void unknownFormatIsAUserError() {
    assertEquals(TextTable.Format.CSV, TextTable.Format.parse("csv"));
    assertThrows(UserError.class, () -> TextTable.Format.parse("xml"));
  }
}
