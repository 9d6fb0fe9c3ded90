package io.creatorscope.cli;

import io.creatorscope.common.UserError;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a line of {@code shell} into arguments as a POSIX shell splits a simple command, so that a line reads
 * as the same command typed after {@code scripts/creatorscope}: blanks separate words; single quotes keep
 * everything up to the next single quote; double quotes keep everything, a backslash escaping {@code "} and
 * {@code \} inside them; outside quotes a backslash keeps the next character; a {@code #} that starts a word starts
 * a comment. No variables, globs or pipes: a line is one command. The documentation's command lines are split the
 * same way by the tests that run them.
 */
public final class ShellWords {
  private ShellWords() {}

  public static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\'') {
        int end = line.indexOf('\'', i + 1);
        if (end < 0) {
          throw unterminated('\'', i);
        }
        word.append(line, i + 1, end);
        i = end;
        inWord = true;
      } else if (c == '"') {
        i = doubleQuoted(line, i, word);
        inWord = true;
      } else if (c == '\\' && i + 1 < line.length()) {
        word.append(line.charAt(++i));
        inWord = true;
      } else if (c == '#' && !inWord) {
        break;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  /** Appends the double-quoted text that opens at {@code open}; returns the index of its closing quote. */
  private static int doubleQuoted(String line, int open, StringBuilder word) {
    for (int i = open + 1; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        return i;
      }
      if (c == '\\' && i + 1 < line.length() && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
        c = line.charAt(++i);
      }
      word.append(c);
    }
    throw unterminated('"', open);
  }

  private static UserError unterminated(char quote, int at) {
    return new UserError("the quote " + quote + " at column " + (at + 1) + " is not closed on its line (a command "
        + "is one line; a long statement goes in a file: query --file FILE)");
  }
}
