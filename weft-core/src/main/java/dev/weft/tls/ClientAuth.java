package dev.weft.tls;

/** Whether a TLS server asks for a client certificate. */
public enum ClientAuth {
  /** Never asks. */
  NONE,
  /** Asks; a client without one is served anonymously, one with a bad one is refused. */
  OPTIONAL,
  /** Refuses clients without a certificate signed by the trusted CA. */
  REQUIRE
}
