package org.transhash.backbone.vit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Resizes a position embedding (1, 1 + g*g, D) to another grid (1, 1 + h*h, D) as timm does: the
 * class token's embedding is kept, the grid is resized with bicubic interpolation (Keys' cubic
 * kernel with a = -0.75, PyTorch's; half-pixel centres; edges clamped), computed on the host in
 * double precision.
 */
final class PositionEmbeddings {
  private PositionEmbeddings() {}

  static NDArray resize(NDArray pos, Shape target) {
    int dim = (int) pos.getShape().get(2);
    int from = (int) Math.round(Math.sqrt(pos.getShape().get(1) - 1));
    int to = (int) Math.round(Math.sqrt(target.get(1) - 1));
    if (from * from + 1 != pos.getShape().get(1) || to * to + 1 != target.get(1)) {
      return pos; // not square grids: left for the caller to report as mismatched
    }
    double[] in = pos.toType(DataType.FLOAT64, false).toDoubleArray();
    double[] out = new double[(1 + to * to) * dim];
    System.arraycopy(in, 0, out, 0, dim);
    double[][] wy = new double[to][4];
    int[][] iy = new int[to][4];
    weights(from, to, wy, iy);
    for (int y = 0; y < to; y++) {
      for (int x = 0; x < to; x++) {
        for (int c = 0; c < dim; c++) {
          double v = 0;
          for (int a = 0; a < 4; a++) {
            for (int b = 0; b < 4; b++) {
              v += wy[y][a] * wy[x][b] * in[(1 + iy[y][a] * from + iy[x][b]) * dim + c];
            }
          }
          out[(1 + y * to + x) * dim + c] = v;
        }
      }
    }
    return pos.getManager().create(out, target).toType(pos.getDataType(), false);
  }

  /** Interpolation taps and weights per output index (PyTorch bicubic, align_corners=False). */
  static void weights(int from, int to, double[][] w, int[][] idx) {
    double scale = (double) from / to;
    for (int o = 0; o < to; o++) {
      double src = (o + 0.5) * scale - 0.5;
      int base = (int) Math.floor(src);
      double t = src - base;
      for (int k = 0; k < 4; k++) {
        idx[o][k] = Math.min(Math.max(base - 1 + k, 0), from - 1);
        w[o][k] = cubic(Math.abs(t - (k - 1)));
      }
    }
  }

  private static double cubic(double x) {
    double a = -0.75;
    if (x <= 1) {
      return ((a + 2) * x - (a + 3)) * x * x + 1;
    }
    if (x < 2) {
      return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
    }
    return 0;
  }
}
