package org.transhash.api.io;

import java.lang.reflect.Array;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal JSON writer for reports and command-line output: maps (keys in their iteration order),
 * iterables, arrays, strings, numbers, booleans and null. Floating-point numbers are written in the
 * shortest form that reads back to the same value; non-finite ones as null, as JSON has no NaN.
 *
 * <pre>{@code
 * Map<String, Object> line = new LinkedHashMap<>(); // not Map.of: its order changes run to run
 * line.put("index", "linear");
 * line.put("qps", 1234.5);
 * Json.write(line);   // {"index":"linear","qps":1234.5}
 * }</pre>
 */
public final class Json {
  private Json() {}

  /**
   * @param value the value
   * @return its JSON text on one line
   */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    append(out, value);
    return out.toString();
  }

  private static void append(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      appendString(out, s);
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (!Double.isFinite(d)) {
        out.append("null");
      } else {
        // the shortest text that reads back to the same value (a checkpoint's losses must)
        out.append(value instanceof Float f ? Float.toString(f) : Double.toString(d));
      }
    } else if (value instanceof Number || value instanceof Boolean) {
      out.append(value);
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) {
          out.append(',');
        }
        first = false;
        appendString(out, String.valueOf(e.getKey()));
        out.append(':');
        append(out, e.getValue());
      }
      out.append('}');
    } else if (value instanceof Iterable<?> iterable) {
      out.append('[');
      Iterator<?> it = iterable.iterator();
      while (it.hasNext()) {
        append(out, it.next());
        if (it.hasNext()) {
          out.append(',');
        }
      }
      out.append(']');
    } else if (value.getClass().isArray()) {
      out.append('[');
      int n = Array.getLength(value);
      for (int i = 0; i < n; i++) {
        if (i > 0) {
          out.append(',');
        }
        append(out, Array.get(value, i));
      }
      out.append(']');
    } else {
      appendString(out, value.toString());
    }
  }

  private static void appendString(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
