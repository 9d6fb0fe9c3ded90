package io.creatorscope.common;

import java.time.LocalDate;

/** What a job run wrote: immutable, with the time it took and one line for the pipeline's summary. */
public interface JobResult {
  LocalDate asOf();

  double seconds();

  /** What the run wrote, in a few words (the pipeline prints it after the job's name and time). */
  String summary();
}
