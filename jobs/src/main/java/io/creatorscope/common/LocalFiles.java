package io.creatorscope.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:} paths) without its shell-outs. Without Hadoop's native library, which
 * no Maven artifact ships, {@link RawLocalFileSystem} forks {@code chmod} for every file and folder it creates and
 * {@code ls -ld} for every file status a listing hands to Spark: about 1,400 processes for one pipeline run on the
 * sample, each fork of a JVM of a gigabyte or more. This one sets and reads the same permissions with java.nio.
 * Everything else (checksum files, rename, listing) is Hadoop's.
 */
public final class LocalFiles extends LocalFileSystem {
  /** The Spark property that makes Spark's Hadoop configuration use it for {@code file:} paths. */
  public static final String PROPERTY = "spark.hadoop.fs.file.impl";

  public LocalFiles() {
    super(new Raw());
  }

  /** The raw (checksum-less) file system under {@link LocalFiles}. */
  static final class Raw extends RawLocalFileSystem {
    @Override
    public void setPermission(Path p, FsPermission permission) throws IOException {
      // The nine rwx bits, as "rwxr-x---"; the sticky bit, which the project never asks for, is left out.
      String rwx = new FsPermission((short) (permission.toShort() & 0777)).toString();
      Files.setPosixFilePermissions(pathToFile(p).toPath(), PosixFilePermissions.fromString(rwx));
    }

    @Override
    public FileStatus getFileStatus(Path f) throws IOException {
      return withPermission(super.getFileStatus(f));
    }

    @Override
    public FileStatus[] listStatus(Path f) throws IOException {
      FileStatus[] statuses = super.listStatus(f);
      for (int i = 0; i < statuses.length; i++) {
        statuses[i] = withPermission(statuses[i]);
      }
      return statuses;
    }

    /** The status with its permission, owner and group read now (Hadoop's reads them by running ls -ld). */
    private FileStatus withPermission(FileStatus status) throws IOException {
      PosixFileAttributes attributes;
      try {
        attributes = Files.readAttributes(pathToFile(status.getPath()).toPath(), PosixFileAttributes.class);
      } catch (java.nio.file.NoSuchFileException e) {
        throw new java.io.FileNotFoundException(status.getPath() + " is gone");  // deleted since it was listed
      }
      FsPermission permission = FsPermission.valueOf("-" + PosixFilePermissions.toString(attributes.permissions()));
      return new FileStatus(status.getLen(), status.isDirectory(), status.getReplication(), status.getBlockSize(),
          status.getModificationTime(), status.getAccessTime(), permission,
          attributes.owner().getName(), attributes.group().getName(), status.getPath());
    }
  }
}
