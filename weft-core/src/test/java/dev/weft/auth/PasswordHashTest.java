package dev.weft.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class PasswordHashTest {
  private static final int FAST = 1_000;

  @Test
  void hashThenVerifyRoundTrips() {
    String encoded = PasswordHash.hash("correct horse".toCharArray(), FAST);
    assertThat(PasswordHash.verify("correct horse".toCharArray(), encoded)).isTrue();
  }

  @Test
  void wrongPasswordDoesNotVerify() {
    String encoded = PasswordHash.hash("correct horse".toCharArray(), FAST);
    assertThat(PasswordHash.verify("correct horsf".toCharArray(), encoded)).isFalse();
    assertThat(PasswordHash.verify(new char[0], encoded)).isFalse();
  }

  @Test
  void encodingIsSelfDescribingWithAFreshSalt() {
    String a = PasswordHash.hash("pw".toCharArray(), FAST);
    String b = PasswordHash.hash("pw".toCharArray(), FAST);
    assertThat(a).matches("pbkdf2-sha256\\$1000\\$[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+");
    assertThat(a).isNotEqualTo(b);
    assertThat(PasswordHash.iterations(a)).isEqualTo(FAST);
  }

  @Test
  void defaultCostIsAtLeast210000Iterations() {
    assertThat(PasswordHash.DEFAULT_ITERATIONS).isGreaterThanOrEqualTo(210_000);
    assertThat(PasswordHash.iterations(PasswordHash.hash("pw".toCharArray()))).isEqualTo(210_000);
  }

  @Test
  void aHashDifferingInItsLastByteDoesNotVerify() {
    String encoded = PasswordHash.hash("pw".toCharArray(), FAST);
    String[] parts = encoded.split("\\$");
    byte[] hash = Base64.getDecoder().decode(parts[3]);
    hash[hash.length - 1] ^= 1;
    String tampered = String.join("$", parts[0], parts[1], parts[2], Base64.getEncoder().encodeToString(hash));
    assertThat(PasswordHash.verify("pw".toCharArray(), tampered)).isFalse();
  }

  @Test
  void malformedHashIsRejectedWithoutRepeatingIt() {
    String bad = "pbkdf2-sha256$lots$c2VjcmV0c2FsdA==$aGFzaA==";
    assertThatThrownBy(() -> PasswordHash.verify("pw".toCharArray(), bad))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("malformed password hash")
        .hasMessageNotContaining("c2VjcmV0c2FsdA")
        .hasMessageNotContaining("lots");
    assertThatThrownBy(() -> PasswordHash.checkFormat("md5$abc"))
        .hasMessage("malformed password hash: expected " + PasswordHash.FORMAT);
    assertThatThrownBy(() -> PasswordHash.checkFormat("pbkdf2-sha256$0$c2FsdHNhbHQ=$aGFzaGhhc2hoYXNoaGFzaA=="))
        .hasMessageContaining("iterations must be in 1..");
  }
}
