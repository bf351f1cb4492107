package dev.weft.tls;

/** {@link TlsRefusalTest} again with direct TLS buffers on the JDK's engine (see DirectBufferTlsServerTest). */
class DirectBufferTlsRefusalTest extends TlsRefusalTest {
  @Override
  TlsConfig.Builder tls() {
    return TlsConfig.builder().engines(DirectBufferTlsServerTest.DIRECT_JDK);
  }
}
