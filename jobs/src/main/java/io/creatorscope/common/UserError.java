package io.creatorscope.common;

/**
 * An error the user can fix (bad argument, bad input file, bad configuration). The command line prints its
 * message as one line and exits with code 2 instead of showing a stack trace.
 */
public final class UserError extends RuntimeException {
  public UserError(String message) {
    super(message);
  }

  public UserError(String message, Throwable cause) {
    super(message, cause);
  }
}
