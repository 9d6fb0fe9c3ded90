package io.creatorscope.engagement;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.creatorscope.testing.SparkTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** {@link ExactPercentile} gives the very doubles Spark's {@code percentile} gives, group by group. */
class ExactPercentileTest extends SparkTestBase {
  private static final double[] PS = {0.0, 0.1, 0.25, 0.5, 0.75, 0.9, 1.0};

  @Test
  void equalsSparksPercentileToTheLastBit() {
    List<Row> rows = new ArrayList<>();
    add(rows, "odd", 3.0, 1.0, 2.0);
    add(rows, "even", 0.1, 0.7, 0.2, 0.3);
    add(rows, "ties", 5.0, 5.0, 7.0, 5.0);
    add(rows, "with_nulls", null, 0.3, null, 0.1);
    add(rows, "only_nulls", (Double) null, null);
    add(rows, "one", 0.042);
    // The 10th percentile of 197 values lies between the 20th and 21st: two longs that are the same double.
    // Spark interpolates between them (its keys differ), and the interpolation is not that double.
    long same = 552_811_228_948_083_776L;
    for (int i = 0; i < 197; i++) {
      long n = i < 19 ? i : i == 19 ? same : i == 20 ? same + 1 : same + 1_000 * i;
      rows.add(RowFactory.create("adjacent_longs", null, n));
    }
    Random random = new Random(3);
    for (int i = 0; i < 97; i++) {
      add(rows, "random", random.nextDouble() / (1 + random.nextInt(1000)));
      add(rows, "random_ties", (double) random.nextInt(5) / 7);
    }
    Dataset<Row> values = spark.createDataFrame(rows, new StructType()
        .add("g", DataTypes.StringType).add("v", DataTypes.DoubleType).add("n", DataTypes.LongType));
    for (String column : List.of("v", "n")) {
      List<Column> expected = new ArrayList<>();
      for (double p : PS) {
        expected.add(percentile(col(column), lit(p)).as("spark_" + p));
      }
      Dataset<Row> both = values.groupBy("g").agg(ExactPercentile.sortedValues(col(column)).as("_sorted"),
          expected.toArray(new Column[0]));
      for (double p : PS) {
        both = both.withColumn("ours_" + p, ExactPercentile.of(col("_sorted"), p));
      }
      for (Row r : both.orderBy("g").collectAsList()) {
        for (double p : PS) {
          // Exact: the engagement tables equal an independent engine's medians to the last digit.
          assertEquals((Double) r.getAs("spark_" + p), (Double) r.getAs("ours_" + p),
              column + " of group " + r.getAs("g") + " at " + p);
        }
      }
    }
  }

  /** One row per value; the long column holds the value scaled to a count beyond 2^53, where doubles round. */
  private static void add(List<Row> rows, String group, Double... values) {
    for (Double v : values) {
      rows.add(RowFactory.create(group, v, v == null ? null : (1L << 53) + Math.round(v * 1000)));
    }
  }
}
