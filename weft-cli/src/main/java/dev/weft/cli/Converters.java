package dev.weft.cli;

import dev.weft.net.Addresses;
import java.net.InetSocketAddress;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Picocli converters for option values; a bad value is a usage error (exit code 2). */
final class Converters {
  private Converters() {}

  /** {@code 30s}, {@code 5m}, {@code 250ms}, {@code 1h}, {@code PT30S}; see {@link Durations}. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return Durations.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** {@code host:port}; see {@link Addresses#parse}. */
  static final class AddressConverter implements ITypeConverter<InetSocketAddress> {
    @Override
    public InetSocketAddress convert(String value) {
      try {
        return Addresses.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
