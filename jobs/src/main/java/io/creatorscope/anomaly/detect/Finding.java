package io.creatorscope.anomaly.detect;

import org.apache.spark.sql.Column;

/**
 * What a detector says about the current snapshot row: whether it flags it ({@code condition}), as which kind
 * (a column, since a rise is organic or suspicious by its evidence), the change it judged (the followers before
 * it and the day number of that count), how severe (0-1) and why, in words.
 */
public record Finding(Column condition, Column kind, Column followersBefore, Column beforeDay, Column severity,
    Column reason) {}
