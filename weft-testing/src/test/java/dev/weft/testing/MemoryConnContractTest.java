package dev.weft.testing;

/** {@link MemoryConn} keeps the whole {@code Conn} contract. */
class MemoryConnContractTest extends ConnContract {
  @Override
  protected ConnPair newPair() {
    return MemoryConn.pair();
  }
}
