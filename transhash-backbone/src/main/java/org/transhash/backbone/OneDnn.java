package org.transhash.backbone;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transhash.api.InvalidInputException;
import org.transhash.api.TransHashException;

/**
 * Keeps PyTorch's convolutions off oneDNN on machines where oneDNN crashes. oneDNN sizes the
 * blocking of its convolution kernels by the CPU's caches, which it reads with cpuid. A virtual
 * machine that hides the cache leaves (Linux then lists no {@code
 * /sys/devices/system/cpu/cpu0/cache/index0}) leaves it with no sizes, and in the libtorch 2.7.1
 * that DJL 0.36.0 loads, its 1 x 1 convolutions then take the JVM down: a SIGSEGV in {@code
 * brg_blocking_t::est_eff_1x1} (a ResNet-50's forward pass), heap corruption and gradients of zero
 * (the residual stems' backward pass). Measured on an AMD EPYC of family 26 under a hypervisor;
 * capping oneDNN at AVX2 ({@code ONEDNN_MAX_CPU_ISA}) does not avoid it. On such a machine the
 * convolutions run on PyTorch's own kernels instead, as {@code torch.backends.mkldnn.enabled =
 * False} makes them: the same results, at the speed BENCHMARKS.md records.
 *
 * <p>The system property {@value #PROPERTY} chooses: {@code auto} (the default: off where the
 * caches are hidden), {@code on} or {@code off}. {@link #configure()} applies it once per JVM; the
 * classes that build convolutions ({@code Cnns}, {@code VitHashNet}) call it when they load, so no
 * convolution runs before it.
 */
public final class OneDnn {
  /** The system property that chooses: {@code auto}, {@code on} or {@code off}. */
  public static final String PROPERTY = "transhash.onednn";

  /** {@link #backend()} when convolutions run on oneDNN. */
  public static final String ONEDNN = "oneDNN";

  /** {@link #backend()} when convolutions run on PyTorch's own kernels. */
  public static final String PYTORCH = "PyTorch";

  private static final Logger LOG = LoggerFactory.getLogger(OneDnn.class);
  private static final Path FIRST_CACHE = Path.of("/sys/devices/system/cpu/cpu0/cache/index0");
  private static final String LIBRARY = "libtorch_cpu.so";
  private static boolean configured;
  private static NativeLibrary libtorch; // found once, on the first call into it
  private static volatile boolean on = true;

  private OneDnn() {}

  /**
   * Loads the PyTorch engine and, the first time, turns oneDNN off where {@value #PROPERTY} says
   * so.
   *
   * @throws InvalidInputException when the property is neither auto, on nor off
   * @throws TransHashException when oneDNN must be turned off and libtorch cannot be reached
   */
  public static synchronized void configure() {
    String choice = System.getProperty(PROPERTY, "auto");
    boolean hidden = isLinux() && !Files.isDirectory(FIRST_CACHE);
    boolean off = turnOff(choice, hidden); // checked on every call, applied on the first
    if (configured) {
      return;
    }
    Engines.pytorch();
    configured = true;
    if (off) {
      setEnabled(false);
      if (hidden) {
        // PyTorch would try NNPACK next, which cannot start without the caches either and says
        // so on every convolution
        call("_ZN2at7Context20setUserEnabledNNPACKEb")
            .invokeVoid(new Object[] {globalContext(), 0});
        LOG.warn(
            "this machine hides its CPU caches ({} is missing), which crashes oneDNN's"
                + " convolutions: PyTorch's own kernels run them (-D{}=on to override)",
            FIRST_CACHE,
            PROPERTY);
      }
    }
  }

  /**
   * Whether oneDNN goes off, for a value of {@value #PROPERTY} and whether the machine hides its
   * caches.
   */
  static boolean turnOff(String choice, boolean cachesHidden) {
    return switch (choice.toLowerCase(Locale.ROOT)) {
      case "auto" -> cachesHidden;
      case "off" -> true;
      case "on" -> false;
      default ->
          throw new InvalidInputException(
              "-D" + PROPERTY + " must be auto, on or off, got '" + choice + "'");
    };
  }

  /**
   * Whether convolutions run on oneDNN, as {@link #configure()} left them (true before it runs,
   * PyTorch's default). A saved model records it: the two backends agree to float rounding, not bit
   * for bit, so codes reproduce exactly with the same one.
   *
   * @return true for oneDNN, false for PyTorch's own kernels
   */
  public static boolean isOn() {
    return on;
  }

  /**
   * The backend that runs convolutions, as a saved model's provenance names it.
   *
   * @return {@value #ONEDNN} or {@value #PYTORCH}, as {@link #isOn()} says
   */
  public static String backend() {
    return on ? ONEDNN : PYTORCH;
  }

  /**
   * The value of {@value #PROPERTY} that runs convolutions on a backend {@link #backend()} named.
   *
   * @param backend {@value #ONEDNN} or {@value #PYTORCH}
   * @return {@code on} or {@code off}
   * @throws InvalidInputException when the name is neither
   */
  public static String choiceFor(String backend) {
    return switch (backend) {
      case ONEDNN -> "on";
      case PYTORCH -> "off";
      default ->
          throw new InvalidInputException(
              "convolutions run on " + ONEDNN + " or " + PYTORCH + ", not '" + backend + "'");
    };
  }

  /** Whether libtorch runs convolutions on oneDNN ({@code torch.backends.mkldnn.enabled}). */
  static boolean enabled() {
    // a C++ bool comes back in the low byte of the register
    return (call("_ZNK2at7Context17userEnabledMkldnnEv").invokeInt(new Object[] {globalContext()})
            & 0xff)
        != 0;
  }

  /** Sets {@code torch.backends.mkldnn.enabled}. */
  static void setEnabled(boolean enabled) {
    call("_ZN2at7Context20setUserEnabledMkldnnEb")
        .invokeVoid(new Object[] {globalContext(), enabled ? 1 : 0});
    on = enabled;
  }

  /** PyTorch's global settings, {@code at::globalContext()}. */
  private static Pointer globalContext() {
    return call("_ZN2at13globalContextEv").invokePointer(new Object[0]);
  }

  private static synchronized Function call(String symbol) {
    if (libtorch == null) {
      Engines.pytorch();
      Path library =
          loadedLibrary()
              .orElseThrow(
                  () -> new TransHashException(LIBRARY + " is not loaded: cannot reach libtorch"));
      libtorch = NativeLibrary.getInstance(library.toString());
    }
    return libtorch.getFunction(symbol);
  }

  /** Where the JVM loaded libtorch from, as /proc/self/maps tells. */
  private static Optional<Path> loadedLibrary() {
    try {
      List<String> maps = Files.readAllLines(Path.of("/proc/self/maps"));
      return maps.stream()
          .map(line -> line.substring(line.lastIndexOf(' ') + 1))
          .filter(path -> path.endsWith("/" + LIBRARY))
          .findFirst()
          .map(Path::of);
    } catch (IOException e) {
      throw new TransHashException("cannot read /proc/self/maps to find " + LIBRARY, e);
    }
  }

  private static boolean isLinux() {
    return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
  }
}
