package dev.weft.tls;

import dev.weft.cli.BoringSslEngines;

/** {@link TlsCipherConfigTest} again, with BoringSSL, whose context takes the suites once. */
class BoringSslTlsCipherConfigTest extends TlsCipherConfigTest {
  @Override
  TlsConfig.Builder tls() {
    return TlsConfig.builder().engines(BoringSslEngines.load());
  }
}
