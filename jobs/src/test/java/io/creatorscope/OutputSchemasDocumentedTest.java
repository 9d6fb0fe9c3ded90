package io.creatorscope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.common.TableSchema;
import io.creatorscope.common.Tables;
import io.creatorscope.common.WriteMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The output tables are a contract: every one is declared in schemas/output, with a grain and a doc per column. */
class OutputSchemasDocumentedTest {
  /** Longest doc allowed: one line of a listing such as {@code query --tables}. */
  static final int MAX_DOC_LENGTH = 160;

  @Test
  void everyOutputTableIsDeclaredOnce() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("schemas", "output"))) {
      List<String> declared = files.map(p -> p.getFileName().toString().replaceFirst("\\.json$", "")).sorted()
          .toList();
      assertEquals(Tables.OUTPUTS.stream().sorted().toList(), declared);
    }
  }

  @Test
  void everyColumnHasAOneLineDoc() {
    for (String table : Tables.OUTPUTS) {
      TableSchema schema = Tables.output(table);
      assertEquals(table, schema.table());
      assertFalse(schema.grain().isBlank(), table + " has a grain");
      if (schema.writeMode() == WriteMode.REPLACE_AS_OF) {
        assertTrue(schema.partitionedBy().contains("as_of_date"), table + " is partitioned by as_of_date");
      } else {
        assertEquals(List.of(schema.factPartition()), schema.partitionedBy(), table + ": one date partition");
        assertEquals("date", schema.column(schema.factPartition()).type().simpleString(), table);
        assertFalse(schema.key().isEmpty(), table + " declares its key");
        // The input's facts keep one observation per key, the largest in the winner order; curated_creators
        // aggregates its days instead.
        assertEquals(!table.equals(Tables.CURATED_CREATORS), !schema.winnerOrder().isEmpty(),
            table + " declares a winner order exactly when it keeps one observation per key");
        schema.key().forEach(schema::column);
        schema.winnerOrder().forEach(schema::column);
      }
      for (TableSchema.ColumnSpec c : schema.columns()) {
        String where = table + "." + c.name() + ": '" + c.doc() + "'";
        assertFalse(c.doc().isBlank(), where + " has a doc");
        assertTrue(c.doc().lines().count() == 1 && c.doc().equals(c.doc().strip()), where + " is one line");
        assertTrue(c.doc().length() <= MAX_DOC_LENGTH, where + " fits a line");
        assertTrue(c.doc().endsWith("."), where + " is a sentence");
      }
    }
  }
}
