package io.creatorscope.content;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.creatorscope.testing.SparkTestBase;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** A caption's tags and mentions: where a # or an @ starts one, and where it does not. */
class ContentSignalsTest extends SparkTestBase {
  @Test
  void tagsAndMentionsStartAfterNoLetterDigitOrJoiner() {
    StructType schema = new StructType()
        .add("caption", DataTypes.StringType)
        .add("hashtags", DataTypes.createArrayType(DataTypes.StringType))
        .add("mentions", DataTypes.createArrayType(DataTypes.StringType));
    List<Row> posts = List.of(
        RowFactory.create("#Fitness at the gym#2 with @Ana.Lee. mail: me@example.com", null, null),
        RowFactory.create("##double (#paren) x&#39;s deal, #ünïcode_1 @a..b", new String[] {" ##Given"},
            new String[] {"@@Listed"}),
        RowFactory.create("#", null, null));

    List<List<Object>> signals = spark.createDataFrame(posts, schema)
        .select(ContentSignals.tags(col("hashtags"), col("caption")),
            ContentSignals.mentions(col("mentions"), col("caption")))
        .collectAsList().stream().map(r -> List.<Object>of(r.getList(0), r.getList(1))).toList();

    assertEquals(List.of(
        List.of(List.of("fitness"), List.of("ana.lee")),
        List.of(List.of("given", "double", "paren", "ünïcode_1"), List.of("listed", "a")),
        List.of(List.of(), List.of())), signals);
  }
}
