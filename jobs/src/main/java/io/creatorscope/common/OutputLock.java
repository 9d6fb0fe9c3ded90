package io.creatorscope.common;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The one-writer lock of an output location: the file {@code OUTPUT/_staging/_LOCK.json}, created only if absent
 * (an exclusive create: {@code O_CREAT|O_EXCL} on a local disk, {@code create(overwrite=false)} at the HDFS
 * NameNode), naming its holder: host, pid, run id, since when. The holder refreshes the file's modification time
 * every {@link #HEARTBEAT}. A lock is stale, and the next writer takes it over, when its holder is on this host
 * and its pid is not alive (or belongs to a process started after the lock was taken: a reused pid), or when the
 * holder is on another host and the heartbeat is older than {@link #STALE_AFTER}.
 *
 * <p>Takeover is a rename of the stale file to a name of the taker's own, a re-check that the renamed file is the
 * one judged stale (else it is put back), then the ordinary exclusive create, which only one contender wins.
 */
public final class OutputLock implements AutoCloseable {
  public static final String FILE = "_LOCK.json";
  static final Duration HEARTBEAT = Duration.ofSeconds(30);
  /** Ten missed heartbeats: far beyond a GC pause or an HDFS failover, short enough for a daily job. */
  public static final Duration STALE_AFTER = Duration.ofMinutes(5);
  private static final String LOCAL_HOST = localHost();

  /** Who holds a lock; {@code heartbeat} is the lock file's modification time. */
  record Holder(String host, long pid, String runId, Instant since, Instant heartbeat) {
    String describe() {
      return "run " + runId + " on host " + host + ", pid " + pid + ", since " + since + " (last heartbeat "
          + Duration.between(heartbeat, Instant.now()).toSeconds() + " s ago)";
    }

    /** Whether the holder is gone, judged from this host at {@code now}; see the class comment. */
    boolean isStale(Instant now) {
      if (host.equals(LOCAL_HOST)) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        return process.isEmpty() || process.get().info().startInstant().map(s -> s.isAfter(since)).orElse(false);
      }
      return heartbeat.plus(STALE_AFTER).isBefore(now);
    }
  }

  private final FileSystem fs;
  private final Path file;
  private final String runId;
  private final ScheduledExecutorService heartbeat;

  private OutputLock(FileSystem fs, Path file, String runId) {
    this.fs = fs;
    this.file = file;
    this.runId = runId;
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "creatorscope-lock-heartbeat");
      t.setDaemon(true);
      return t;
    });
    heartbeat.scheduleWithFixedDelay(this::beat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static Path path(String outputRoot) {
    return new Path(new Path(outputRoot, OutputRun.STAGING), FILE);
  }

  /**
   * Takes the lock of {@code outputRoot} for run {@code runId}, taking over a stale one; a user error naming the
   * holder when another live run has it.
   */
  public static OutputLock acquire(FileSystem fs, String outputRoot, String runId) {
    FileSystem raw = fs instanceof LocalFileSystem local ? local.getRaw() : fs;
    Path file = raw.makeQualified(path(outputRoot));
    byte[] owner = ownerJson(runId);
    try {
      // Three tries: each lost race means another writer got the lock or took over the stale one first.
      for (int attempt = 0; attempt < 3; attempt++) {
        if (createExclusively(raw, file, owner)) {
          return new OutputLock(raw, file, runId);
        }
        Optional<Holder> holder = read(raw, file);
        if (holder.isEmpty()) {
          continue;
        }
        if (!holder.get().isStale(Instant.now())) {
          throw new UserError(outputRoot + " is being written by another run: " + holder.get().describe()
              + "; one writer per output location, so retry when it has finished (a lock whose holder is gone is "
              + "taken over: at once on the same host, after " + STALE_AFTER.toMinutes()
              + " min without a heartbeat from another host; lock file " + file + ")");
        }
        takeOver(raw, file, holder.get(), runId);
      }
      throw new UserError(outputRoot + ": could not take the output lock " + file
          + " (other runs kept taking it); retry");
    } catch (IOException e) {
      throw new UserError("cannot take the output lock " + file + ": " + e.getMessage(), e);
    }
  }

  /** Throws unless this run still holds the lock: a run that lost it must not publish. */
  public void checkHeld() {
    Optional<Holder> now;
    try {
      now = read(fs, file);
    } catch (IOException e) {
      throw new UserError("cannot read the output lock " + file + ": " + e.getMessage(), e);
    }
    if (now.isEmpty() || !now.get().runId().equals(runId)) {
      throw new UserError("run " + runId + " lost the output lock " + file + " ("
          + now.map(h -> "now held by " + h.describe()).orElse("the lock file is gone")
          + "), so it publishes nothing; was it stopped for more than " + STALE_AFTER.toMinutes() + " min?");
    }
  }

  /** Stops the heartbeat and deletes the lock file if it still names this run. */
  @Override
  public void close() {
    heartbeat.shutdownNow();
    try {
      Optional<Holder> now = read(fs, file);
      if (now.isPresent() && now.get().runId().equals(runId)) {
        fs.delete(file, false);
      }
    } catch (IOException e) {
      System.err.println("warning: cannot release the output lock " + file + " (" + e.getMessage()
          + "); the next run takes it over as stale");
    }
  }

  void beat() {
    try {
      fs.setTimes(file, System.currentTimeMillis(), -1);
    } catch (IOException | RuntimeException e) {
      // A missed heartbeat is retried at the next one; only STALE_AFTER of them lose the lock.
    }
  }

  private static void takeOver(FileSystem fs, Path file, Holder stale, String runId) throws IOException {
    Path aside = new Path(file.getParent(), FILE + ".stale-" + runId);
    if (!fs.rename(file, aside)) {
      return;
    }
    Optional<Holder> moved = read(fs, aside);
    if (moved.isPresent() && moved.get().runId().equals(stale.runId())) {
      System.err.println("taking over the output lock of a run that is gone: " + stale.describe());
    } else if (moved.isPresent()) {
      // Another writer took the stale lock over between our read and our rename, so we moved its live lock: put
      // it back (unless a third writer created one meanwhile; the moved owner then fails its check at commit).
      createExclusively(fs, file, readBytes(fs, aside));
    }
    fs.delete(aside, false);
  }

  private static boolean createExclusively(FileSystem fs, Path file, byte[] content) throws IOException {
    if (fs instanceof RawLocalFileSystem local) {
      // Hadoop's local create(overwrite=false) checks, then creates: not atomic. CREATE_NEW is O_CREAT|O_EXCL.
      java.nio.file.Path f = local.pathToFile(file).toPath();
      Files.createDirectories(f.getParent());
      try {
        Files.write(f, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return true;
      } catch (java.nio.file.FileAlreadyExistsException e) {
        return false;
      }
    }
    try (OutputStream out = fs.create(file, false)) {
      out.write(content);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    }
  }

  /**
   * The holder named in a lock file; empty when there is none. A file still being written (empty or cut short)
   * names an unknown holder whose heartbeat is the file's time, so it is live until {@link #STALE_AFTER}.
   */
  private static Optional<Holder> read(FileSystem fs, Path file) throws IOException {
    FileStatus status;
    byte[] bytes;
    try {
      status = fs.getFileStatus(file);
      bytes = readBytes(fs, file);
    } catch (java.io.FileNotFoundException e) {
      return Optional.empty();
    }
    Instant heartbeat = Instant.ofEpochMilli(status.getModificationTime());
    try {
      ObjectNode n = (ObjectNode) RunManifest.MAPPER.readTree(bytes);
      return Optional.of(new Holder(n.get("host").asText(), n.get("pid").asLong(), n.get("run_id").asText(),
          Instant.parse(n.get("since").asText()), heartbeat));
    } catch (IOException | RuntimeException unreadable) {
      return Optional.of(new Holder("(unknown: lock file being written)", -1, "(unknown)", heartbeat, heartbeat));
    }
  }

  private static byte[] readBytes(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      return in.readAllBytes();
    }
  }

  private static byte[] ownerJson(String runId) {
    ObjectNode n = RunManifest.MAPPER.createObjectNode();
    n.put("host", LOCAL_HOST);
    n.put("pid", ProcessHandle.current().pid());
    n.put("run_id", runId);
    n.put("since", Instant.now().toString());
    return n.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String localHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("localhost");
    }
  }
}
