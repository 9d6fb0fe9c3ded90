package io.creatorscope.common;

import static io.creatorscope.common.RunFailureTest.accountingRows;
import static io.creatorscope.common.RunFailureTest.assertOneErrorLine;
import static io.creatorscope.common.RunFailureTest.leftInStaging;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.creatorscope.testing.CliRun;
import io.creatorscope.testing.SparkTestBase;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Encoders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per output location: the lock, the refusal naming its holder, stale locks, lost locks. */
class OutputLockTest extends SparkTestBase {
  static final LocalDate AS_OF = LocalDate.of(2026, 10, 1);
  static final TableSchema ACCOUNTING = Tables.output(Tables.INGEST_ACCOUNTING);

  @TempDir Path tmp;

  private Path out() {
    return tmp.resolve("out");
  }

  private FileSystem fs() throws IOException {
    return FileSystem.getLocal(spark.sparkContext().hadoopConfiguration());
  }

  private Path lockFile() {
    return out().resolve(OutputRun.STAGING).resolve(OutputLock.FILE);
  }

  /** Plays a lock left by another writer. */
  private void writeLock(String host, long pid, String runId, Instant since, Instant heartbeat) throws IOException {
    Files.createDirectories(lockFile().getParent());
    Files.writeString(lockFile(), "{\"host\":\"" + host + "\",\"pid\":" + pid + ",\"run_id\":\"" + runId
        + "\",\"since\":\"" + since + "\"}");
    Files.setLastModifiedTime(lockFile(), FileTime.from(heartbeat));
  }

  private long publishCount(long count) {
    return OutputRun.publish(spark, out().toString(), run -> {
      run.stage(ACCOUNTING, accountingRows(ACCOUNTING, count), AS_OF);
      return count;
    });
  }

  private List<Long> published() {
    return PublishedTables.readPartition(spark, out().toString(), Tables.INGEST_ACCOUNTING, AS_OF)
        .select("row_count").as(Encoders.LONG()).collectAsList();
  }

  @Test
  void aSecondWriterIsRefusedWithOneLineNamingTheHolder() throws IOException {
    long pid = ProcessHandle.current().pid();
    try (OutputLock held = OutputLock.acquire(fs(), out().toString(), "holder01")) {
      CliRun run = CliRun.of("rank", "--output", out().toString(), "--as-of", AS_OF.toString());
      assertEquals(2, run.exitCode(), run.toString());
      assertOneErrorLine(run, "is being written by another run: run holder01 on host "
          + InetAddress.getLocalHost().getHostName() + ", pid " + pid + ", since 20", OutputLock.FILE);
      UserError refused = assertThrows(UserError.class, () -> publishCount(1));
      assertTrue(refused.getMessage().contains("run holder01"), refused.getMessage());
      assertEquals(List.of(OutputLock.FILE), leftInStaging(out()));
    }
    assertEquals(List.of(), leftInStaging(out()), "released");
  }

  /** The case of #20: a run started while another runs must not clean up the live run's staging. */
  @Test
  void aRefusedWriterLeavesTheLiveRunsStagingAndTheLiveRunPublishes() {
    OutputRun.publish(spark, out().toString(), first -> {
      first.stage(ACCOUNTING, accountingRows(ACCOUNTING, 5), AS_OF);
      UserError refused = assertThrows(UserError.class, () -> publishCount(6));
      assertTrue(refused.getMessage().contains("run " + first.runId()), refused.getMessage());
      assertEquals(Set.of(OutputLock.FILE, first.runId()), Set.copyOf(leftInStaging(out())));
      assertTrue(Files.isDirectory(out().resolve(OutputRun.STAGING).resolve(first.runId())
          .resolve(Tables.INGEST_ACCOUNTING)));
      return null;
    });
    assertEquals(List.of(5L), published());
    assertEquals(List.of(), leftInStaging(out()));
  }

  @Test
  void theLockOfADeadProcessOnThisHostIsTakenOverAndItsStagingRemoved() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    writeLock(InetAddress.getLocalHost().getHostName(), gone.pid(), "deadrun1", Instant.now(), Instant.now());
    Files.createDirectories(out().resolve(OutputRun.STAGING).resolve("deadrun1").resolve(Tables.QUARANTINE));

    assertEquals(3L, publishCount(3));
    assertEquals(List.of(3L), published());
    assertEquals(List.of(), leftInStaging(out()), "the dead run's staging, its lock and ours are gone");
  }

  @Test
  void aPidReusedByAnotherProcessDoesNotKeepALockAlive() throws Exception {
    // Our own, live pid, but the lock is older than this process: its holder was an earlier process.
    writeLock(InetAddress.getLocalHost().getHostName(), ProcessHandle.current().pid(), "oldrun01",
        Instant.parse("2001-01-01T00:00:00Z"), Instant.now());
    assertEquals(4L, publishCount(4));
    assertEquals(List.of(), leftInStaging(out()));
  }

  @Test
  void aLockFromAnotherHostIsTakenOverOnlyAfterItsHeartbeatIsStale() throws Exception {
    Instant since = Instant.now().minusSeconds(3600);
    Instant recent = Instant.now().minus(OutputLock.STALE_AFTER).plusSeconds(60);
    writeLock("elsewhere.invalid", 4242, "remote01", since, recent);
    UserError refused = assertThrows(UserError.class, () -> publishCount(1));
    assertTrue(refused.getMessage().contains("run remote01 on host elsewhere.invalid, pid 4242, since " + since),
        refused.getMessage());

    Files.setLastModifiedTime(lockFile(), FileTime.from(Instant.now().minus(OutputLock.STALE_AFTER).minusSeconds(60)));
    assertEquals(2L, publishCount(2));
    assertEquals(List.of(2L), published());
  }

  @Test
  void theHeartbeatKeepsTheLockFresh() throws IOException {
    try (OutputLock held = OutputLock.acquire(fs(), out().toString(), "beating1")) {
      Instant old = Instant.now().minusSeconds(3600);
      Files.setLastModifiedTime(lockFile(), FileTime.from(old));
      held.beat();
      assertTrue(Files.getLastModifiedTime(lockFile()).toInstant().isAfter(old.plusSeconds(3500)));
    }
  }

  @Test
  void aRunThatLostItsLockPublishesNothing() throws IOException {
    publishCount(7);
    UserError lost = assertThrows(UserError.class, () -> OutputRun.publish(spark, out().toString(), run -> {
      run.stage(ACCOUNTING, accountingRows(ACCOUNTING, 8), AS_OF);
      try {
        // Another host judged this run stale and took over.
        writeLock("elsewhere.invalid", 4242, "taker001", Instant.now(), Instant.now());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return null;
    }));
    assertTrue(lost.getMessage().contains("lost the output lock") && lost.getMessage().contains("taker001"),
        lost.getMessage());
    assertEquals(List.of(7L), published());
    assertEquals(List.of(OutputLock.FILE), leftInStaging(out()), "our staging is gone, the taker's lock stays");
  }

  @Test
  void readOnlyCommandsTakeNoLock() throws IOException {
    publishCount(9);
    try (OutputLock held = OutputLock.acquire(fs(), out().toString(), "holder02")) {
      CliRun run = CliRun.of("query", "--output", out().toString(), "SELECT row_count FROM ingest_accounting");
      assertEquals(0, run.exitCode(), run.toString());
      assertTrue(run.out().contains("9"), run.toString());
    }
  }
}
