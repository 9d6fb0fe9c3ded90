package io.creatorscope.anomaly.detect;

/**
 * One kind of growth anomaly, judged on the evidence columns of a snapshot row ({@link Evidence}): a strategy in
 * the manner of Deequ's anomaly detection strategies, pure and explaining itself.
 */
public interface Detector {
  Finding detect();
}
