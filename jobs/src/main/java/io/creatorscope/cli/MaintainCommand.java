package io.creatorscope.cli;

import io.creatorscope.common.MaintainTables;
import io.creatorscope.common.Sparks;
import io.creatorscope.common.UserError;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code maintain}: Iceberg table maintenance of an output location. */
@Command(name = "maintain", mixinStandardHelpOptions = true,
    description = "Iceberg outputs: rewrite small data files, expire snapshots older than the retention and remove "
        + "orphan files (a killed run's), table by table, under the writer's lock. The rows do not change.")
public final class MaintainCommand implements Callable<Integer> {
  @Option(names = "--output", required = true, description = "Output location holding the Iceberg tables' manifests.")
  String output;

  @Option(names = "--retention-days",
      description = "Keep snapshots and orphan files younger than this many days (default ${DEFAULT-VALUE}; "
          + "query --as-of an older date then reads the newest snapshot).")
  long retentionDays = MaintainTables.RETENTION_DAYS_DEFAULT;

  @Override
  public Integer call() {
    if (retentionDays < 0) {
      throw new UserError("--retention-days must be 0 or more, got " + retentionDays);
    }
    SparkSession spark = Sparks.forCommandLine("creatorscope maintain");
    long start = System.nanoTime();
    List<MaintainTables.TableResult> results = new MaintainTables(spark, output, Duration.ofDays(retentionDays))
        .execute();
    results.forEach(r -> System.out.println(r.line()));
    System.out.printf("maintained %d tables in %.1f s%n", results.size(), (System.nanoTime() - start) / 1e9);
    return 0;
  }
}
