package dev.weft.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressFormatTest {
  @ParameterizedTest
  @CsvSource({
    "0:0:0:0:0:0:0:1, ::1",
    "0:0:0:0:0:0:0:0, ::",
    "2001:0DB8:0:0:0:0:0:7, 2001:db8::7",
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1", // the first of two equal runs
    "2001:db8:0:1:0:0:0:1, 2001:db8:0:1::1", // the longer run, not the first
    "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1", // one zero group stays
    "fe80:0:0:0:0:0:0:0, fe80::",
    "127.0.0.1, 127.0.0.1",
  })
  void writesTheCanonicalForm(String in, String out) throws UnknownHostException {
    assertThat(AddressFormat.format(InetAddress.getByName(in))).isEqualTo(out);
  }

  @Test
  void addressesInMessagesUseIt() throws UnknownHostException {
    assertThat(NetException.addr(new InetSocketAddress(InetAddress.getByName("::1"), 7007))).isEqualTo("[::1]:7007");
    assertThat(NetException.addr(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 80))).isEqualTo("127.0.0.1:80");
  }

  @Property(tries = 3000)
  void parsesBackToTheSameAddressAndIsNeverLongerThanTheJdks(@ForAll("groups") int[] groups)
      throws UnknownHostException {
    byte[] b = new byte[16];
    for (int i = 0; i < 8; i++) {
      b[2 * i] = (byte) (groups[i] >> 8);
      b[2 * i + 1] = (byte) groups[i];
    }
    InetAddress a = InetAddress.getByAddress(b);
    String text = AddressFormat.format(a);
    assertThat(InetAddress.getByName(text)).isEqualTo(a);
    assertThat(text.length()).isLessThanOrEqualTo(a.getHostAddress().length());
    assertThat(text).doesNotContain(":::").isEqualTo(text.toLowerCase(java.util.Locale.ROOT));
    assertThat(text.indexOf("::")).isEqualTo(text.lastIndexOf("::")); // at most one
  }

  /** Eight groups, zero half the time, so every shape of zero run comes up. */
  @Provide
  Arbitrary<int[]> groups() {
    Arbitrary<Integer> group = Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(1, 0xffff)));
    return group.array(int[].class).ofSize(8);
  }
}
