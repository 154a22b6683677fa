package org.transhash.eval;

/**
 * One line of a results table: the headline figures of one evaluation and the options behind them.
 *
 * @param method the method
 * @param bits code length
 * @param protocol the protocol
 * @param topK K of mAP@K ("all" or a number)
 * @param ties tie policy
 * @param zeroRelevant zero-relevant policy
 * @param queries queries given
 * @param evaluated queries counted in mAP
 * @param database database size
 * @param map mAP@K
 * @param precisionWithinRadius2 P@H<=2
 * @param precisionAt1000 P@1000 (NaN when the database is smaller)
 * @param shuffleMean mean mAP@K over database shuffles (NaN when none)
 * @param shuffleStd its standard deviation (NaN when fewer than 2)
 * @param seconds evaluation time
 */
public record ReportRow(
    String method,
    int bits,
    String protocol,
    String topK,
    String ties,
    String zeroRelevant,
    int queries,
    int evaluated,
    int database,
    double map,
    double precisionWithinRadius2,
    double precisionAt1000,
    double shuffleMean,
    double shuffleStd,
    double seconds) {}
