package org.transhash.api.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void writesNestedValues() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", "a \"b\"\n");
    m.put("n", 3);
    m.put("x", 0.125);
    m.put("big", 1234567.0);
    m.put("third", 1.0 / 3);
    m.put("float", 0.1f);
    m.put("small", 1.5e-7);
    m.put("nan", Double.NaN);
    m.put("list", Arrays.asList(1, null, true));
    m.put("ints", new int[] {1, 2});
    assertEquals(
        "{\"name\":\"a \\\"b\\\"\\n\",\"n\":3,\"x\":0.125,\"big\":1234567.0,\"third\":0.3333333333333333,\"float\":0.1,\"small\":1.5E-7,"
            + "\"nan\":null,\"list\":[1,null,true],\"ints\":[1,2]}",
        Json.write(m));
  }
}
