package org.transhash.api;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.function.BinaryOperator;

/**
 * Arithmetic between an array and a constant that stays correct in the backward pass. Use these in
 * place of DJL's {@code mul(Number)}, {@code div(Number)}, {@code pow(Number)}, {@code
 * maximum(Number)} and {@code minimum(Number)} in everything that runs under a {@code
 * GradientCollector}: the forward pass of a {@link HashingModel}, {@link HashingLoss#evaluate}.
 *
 * <pre>{@code
 * NDArray scores = Scalars.mul(q.matMul(k), 1 / Math.sqrt(d));   // not q.matMul(k).mul(...)
 * NDArray safe = Scalars.maximum(norm, 1e-12);
 * }</pre>
 *
 * <p>Why: with the PyTorch engine, DJL wraps the constant in a temporary array over a Java direct
 * buffer ({@code torch::from_blob}, no copy) and closes it as soon as the operation returns.
 * Autograd keeps that array to compute the gradient (the factor of a product, the divisor, the
 * exponent, the other side of a maximum), but not the buffer: when a garbage collection runs
 * between the forward and the backward pass, the JVM frees the buffer and the backward pass reads
 * whatever the memory holds by then. The gradient comes out wrong by a factor, zero or NaN, in some
 * steps only, as the collector happens to run, so two runs of one seed part ways. Measured: {@code
 * x.mul(3.0)}, then {@code System.gc()}, gave x the gradient 0 in 10 of 10 trials. These methods
 * put the constant in memory PyTorch owns, which autograd keeps alive as long as it needs it.
 * {@code add(Number)}, {@code sub(Number)} and {@code clip} are safe as they are: the backward pass
 * of a sum does not read the constant, and DJL keeps clip's bounds until the array's manager
 * closes.
 */
public final class Scalars {
  private Scalars() {}

  /**
   * {@code x * c}.
   *
   * @param x the array
   * @param c the constant
   * @return a new array, attached to x's manager
   */
  public static NDArray mul(NDArray x, double c) {
    return withConstant(x, c, NDArray::mul);
  }

  /**
   * {@code x / c}.
   *
   * @param x the array
   * @param c the constant
   * @return a new array, attached to x's manager
   */
  public static NDArray div(NDArray x, double c) {
    return withConstant(x, c, NDArray::div);
  }

  /**
   * {@code x} to the power {@code c}, element-wise.
   *
   * @param x the array
   * @param c the exponent
   * @return a new array, attached to x's manager
   */
  public static NDArray pow(NDArray x, double c) {
    return withConstant(x, c, NDArray::pow);
  }

  /**
   * The element-wise larger of {@code x} and {@code c}.
   *
   * @param x the array
   * @param c the constant
   * @return a new array, attached to x's manager
   */
  public static NDArray maximum(NDArray x, double c) {
    return withConstant(x, c, NDArray::maximum);
  }

  /**
   * The element-wise smaller of {@code x} and {@code c}.
   *
   * @param x the array
   * @param c the constant
   * @return a new array, attached to x's manager
   */
  public static NDArray minimum(NDArray x, double c) {
    return withConstant(x, c, NDArray::minimum);
  }

  /** {@code op(x, c)}, with c in a scalar array that is closed once op has returned. */
  private static NDArray withConstant(NDArray x, double c, BinaryOperator<NDArray> op) {
    try (NDArray constant = constantLike(x, c)) {
      return op.apply(x, constant);
    }
  }

  /**
   * A scalar array of x's type holding {@code c} (rounded to that type, as DJL's {@code
   * mul(Number)} rounds it), in memory PyTorch owns: {@code full} for float32 (one native call, no
   * Java buffer), else {@code ones} multiplied in place, which reads a temporary constant at once
   * and records nothing for autograd.
   */
  private static NDArray constantLike(NDArray x, double c) {
    NDManager manager = x.getManager();
    if (x.getDataType() == DataType.FLOAT32) {
      return manager.full(new Shape(), (float) c, DataType.FLOAT32);
    }
    NDArray constant = manager.ones(new Shape(), x.getDataType());
    constant.muli(c);
    return constant;
  }
}
