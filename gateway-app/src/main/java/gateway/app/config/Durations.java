package gateway.app.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and prints the config's durations: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d}. */
public final class Durations {
  private static final Pattern FORM = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private Durations() {}

  public static Duration parse(String text) {
    Matcher m = FORM.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a duration (write e.g. 250ms, 30s, 5m, 2h, 7d)");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  /** The shortest exact form, so printed configs read back to the same value. */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms % 86_400_000L == 0 && ms != 0) {
      return ms / 86_400_000L + "d";
    }
    if (ms % 3_600_000L == 0 && ms != 0) {
      return ms / 3_600_000L + "h";
    }
    if (ms % 60_000L == 0 && ms != 0) {
      return ms / 60_000L + "m";
    }
    if (ms % 1000L == 0) {
      return ms / 1000L + "s";
    }
    return ms + "ms";
  }
}
