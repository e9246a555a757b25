package gateway.app.cli;

import gateway.app.config.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/** Reads durations on the command line the way the config writes them: {@code 60s}, {@code 5m}. */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    return Durations.parse(value);
  }
}
