package io.creatorscope.ingest;

import java.time.LocalDate;

/**
 * What an ingest run did: the as-of date it used, the accounting of each input, and how much it read.
 *
 * @param audiences the accounting of the optional audiences input; empty when the input has none
 * @param mode {@code full} (and why) or {@code incremental}, with the files the batch read
 */
public record IngestResult(LocalDate asOf, Accounting profiles, Accounting posts,
    java.util.Optional<Accounting> audiences, double seconds, String mode) {}
