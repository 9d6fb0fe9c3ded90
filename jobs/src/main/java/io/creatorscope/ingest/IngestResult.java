package io.creatorscope.ingest;

import java.time.LocalDate;

/** What an ingest run did: the as-of date it used and the accounting of each input. */
public record IngestResult(LocalDate asOf, Accounting profiles, Accounting posts, double seconds) {}
