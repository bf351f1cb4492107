package dev.weft.proxyproto;

import java.io.ByteArrayInputStream;

/** A byte stream that remembers how far it was read, to prove a reader took no more than it should. */
final class CountingInput extends ByteArrayInputStream {
  CountingInput(byte[] bytes) {
    super(bytes);
  }

  int consumed() {
    return pos;
  }
}
