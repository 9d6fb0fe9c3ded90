package io.creatorscope.generate;

import io.creatorscope.common.Columns;
import io.creatorscope.common.Progress;
import io.creatorscope.common.Sparks;
import io.creatorscope.common.TableSchema;
import io.creatorscope.common.Tables;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code generate} job: writes a synthetic, labelled dataset in the input contract (profiles, posts, audiences)
 * plus the labels of the injected events. Creators are simulated on the executors, spread over partitions of
 * {@link #CREATORS_PER_PARTITION}; nothing but the creator count passes through the driver.
 */
public final class DatasetGenerator {
  static final long CREATORS_PER_PARTITION = 2_000;

  private final SparkSession spark;
  private final GeneratorConfig config;
  private final boolean audiences;

  public DatasetGenerator(SparkSession spark, GeneratorConfig config) {
    this(spark, config, true);
  }

  private DatasetGenerator(SparkSession spark, GeneratorConfig config, boolean audiences) {
    this.spark = spark;
    this.config = config;
    this.audiences = audiences;
  }

  /**
   * This generator without the optional audiences/ input (about as many rows as profiles and posts together), for
   * what measures only the tables built from profiles and posts.
   */
  public DatasetGenerator withoutAudiences() {
    return new DatasetGenerator(spark, config, false);
  }

  /** What was written. */
  public record Result(String output, long creators, long profileRows, long postRows, long labelRows,
      long audienceRows) {}

  public Result run(String output) {
    Progress progress = new Progress("generate");
    Sparks.jobGroup(spark, "generate", "generate synthetic dataset");
    int partitions = (int) Math.max(1, (config.creators() + CREATORS_PER_PARTITION - 1) / CREATORS_PER_PARTITION);
    Dataset<Long> ids = spark.range(0, config.creators(), 1, partitions).as(Encoders.LONG());
    CreatorSimulator simulator = new CreatorSimulator(config);

    progress.step("simulating " + config.creators() + " creators over " + config.days() + " days from "
        + config.startDate() + " (seed " + config.seed() + ", dirty rate " + config.dirtyRate() + ")");
    long profiles = write(ids, simulator, Part.PROFILES, Tables.input(Tables.PROFILES), output, Columns.SNAPSHOT_DATE);
    progress.step("profiles: " + profiles + " rows");
    long posts = write(ids, simulator, Part.POSTS, Tables.input(Tables.POSTS), output, Columns.OBSERVED_DATE);
    progress.step("posts: " + posts + " rows");
    long labels = write(ids, simulator, Part.LABELS, Tables.input(Tables.LABELS), output, null);
    progress.step("labels: " + labels + " injected events");
    long audienceRows = 0;
    if (audiences) {
      audienceRows = write(ids, simulator, Part.AUDIENCES, Tables.input(Tables.AUDIENCES), output,
          Columns.SNAPSHOT_DATE);
      progress.step("audiences: " + audienceRows + " rows");
    }
    if (config.unknownNicheShare() > 0) {
      long niches = write(ids, simulator, Part.NICHE_LABELS, Tables.input(Tables.NICHE_LABELS), output, null);
      progress.step("niche_labels: " + niches + " creators' true niches");
    }
    progress.step("written to " + output);
    return new Result(output, config.creators(), profiles, posts, labels, audienceRows);
  }

  private enum Part { PROFILES, POSTS, LABELS, AUDIENCES, NICHE_LABELS }

  private long write(Dataset<Long> ids, CreatorSimulator simulator, Part part, TableSchema schema, String output,
      String dateColumn) {
    FlatMapFunction<Long, Row> rows = index -> {
      CreatorSimulator.Simulated s = simulator.simulate(index);
      List<Row> list = switch (part) {
        case PROFILES -> s.profiles();
        case POSTS -> s.posts();
        case LABELS -> s.labels();
        case AUDIENCES -> s.audiences();
        case NICHE_LABELS -> s.nicheLabels();
      };
      return list.iterator();
    };
    Dataset<Row> data = ids.flatMap(rows, Encoders.row(schema.structType().asNullable()));
    String path = output + "/" + schema.table();
    if (dateColumn != null && GeneratorConfig.LAYOUT_HIVE.equals(config.layout())) {
      // One file per day: shuffle by the date so each task writes whole days.
      data.repartition(data.col(dateColumn)).write().mode(SaveMode.Overwrite).partitionBy(dateColumn).parquet(path);
    } else {
      // coalesce only merges partitions (2,000 creators each): more files than that take a shuffle.
      int files = config.files();
      Dataset<Row> sized = files == 0 ? data
          : files <= data.rdd().getNumPartitions() ? data.coalesce(files) : data.repartition(files);
      sized.write().mode(SaveMode.Overwrite).parquet(path);
    }
    // Read back with the schema it was written with: a table without rows in the hive layout has no file a schema
    // could be taken from (a few creators over a few days inject no events and may have no audience split).
    return spark.read().schema(data.schema()).parquet(path).count();
  }
}
