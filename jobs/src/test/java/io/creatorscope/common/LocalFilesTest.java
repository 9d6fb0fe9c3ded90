package io.creatorscope.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.creatorscope.testing.SparkTestBase;
import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local file system the session uses: Hadoop's, with permissions set and read through java.nio. */
class LocalFilesTest extends SparkTestBase {
  @TempDir java.nio.file.Path tmp;

  @Test
  void theSessionWritesLocalPathsThroughIt() throws Exception {
    FileSystem fs = new Path(tmp.toUri()).getFileSystem(spark.sparkContext().hadoopConfiguration());
    assertInstanceOf(LocalFiles.class, fs);

    spark.range(3).write().parquet(tmp.resolve("t").toString());
    assertEquals(3, spark.read().parquet(tmp.resolve("t").toString()).count());
  }

  @Test
  void permissionsAreSetAndReadAsHadoopWouldWithoutForkingATool() throws Exception {
    FileSystem fs = new LocalFiles();
    fs.initialize(java.net.URI.create("file:///"), spark.sparkContext().hadoopConfiguration());
    Path dir = new Path(tmp.resolve("d").toUri());
    Path file = new Path(dir, "f");
    fs.mkdirs(dir, new FsPermission((short) 0750));
    try (FSDataOutputStream out = fs.create(file, new FsPermission((short) 0640), false, 4096, (short) 1, 1 << 20,
        null)) {
      out.writeBytes("x");
    }
    assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("d"))));
    fs.setPermission(file, new FsPermission((short) 0604));
    assertEquals("rw----r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("d/f"))));

    FileStatus status = fs.getFileStatus(file);
    assertEquals(new FsPermission((short) 0604), status.getPermission());
    assertEquals(Files.getOwner(tmp.resolve("d/f")).getName(), status.getOwner());
    assertEquals(1, status.getLen());
    FileStatus[] listed = fs.listStatus(dir);
    assertArrayEquals(new Path[] {fs.makeQualified(file)},
        java.util.Arrays.stream(listed).map(FileStatus::getPath).toArray(Path[]::new), "no checksum files listed");
    assertEquals(new FsPermission((short) 0604), listed[0].getPermission());
    assertEquals(new FsPermission((short) 0750), fs.getFileStatus(dir).getPermission());
    assertThrows(FileNotFoundException.class, () -> fs.getFileStatus(new Path(dir, "missing")));
  }
}
