/**
 * Retrieval evaluation exactly as {@code EVALUATION.md} defines it: {@link
 * org.transhash.eval.RetrievalEvaluator} (mAP@K with tie and zero-relevant policies, curves, radius
 * metrics), named {@link org.transhash.eval.RetrievalProtocol}s, and reports as JSON, CSV, Markdown
 * and PNG plots. No DJL.
 */
package org.transhash.eval;
