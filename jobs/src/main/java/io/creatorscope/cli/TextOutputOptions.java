package io.creatorscope.cli;

import io.creatorscope.common.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --format} and {@code --out}, shared by the commands that print rows (a picocli mixin). */
public final class TextOutputOptions {
  @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--out", description = "Write to this file instead of standard output.")
  String out;

  /** The chosen format; a user error for an unknown one. */
  TextTable.Format format() {
    return TextTable.Format.parse(format);
  }

  /**
   * Prints {@code text} to standard output, or writes it to the {@code --out} file and prints "{@code what} written
   * to FILE" (e.g. "12 rows") instead.
   */
  void emit(String text, String what) {
    if (out == null) {
      System.out.print(text);
      return;
    }
    try {
      Files.writeString(Path.of(out), text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserError("cannot write " + out + ": " + e, e);
    }
    System.out.println(what + " written to " + out);
  }
}
