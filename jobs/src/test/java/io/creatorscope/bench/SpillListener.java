package io.creatorscope.bench;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/** Sums Spark's spill over every finished task; read the totals before and after a step for the step's spill. */
public final class SpillListener extends SparkListener {
  private final AtomicLong memoryBytes = new AtomicLong();
  private final AtomicLong diskBytes = new AtomicLong();

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    TaskMetrics m = taskEnd.taskMetrics();
    if (m != null) {
      memoryBytes.addAndGet(m.memoryBytesSpilled());
      diskBytes.addAndGet(m.diskBytesSpilled());
    }
  }

  public long memoryBytes() {
    return memoryBytes.get();
  }

  public long diskBytes() {
    return diskBytes.get();
  }
}
