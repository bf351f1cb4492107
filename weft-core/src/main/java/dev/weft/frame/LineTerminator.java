package dev.weft.frame;

/** The bytes a {@link LineWriter} appends to each line. Readers accept both. */
public enum LineTerminator {
  /** A single {@code \n}, as Unix tools write. */
  LF(new byte[] {'\n'}),
  /** {@code \r\n}, as IRC, SMTP, HTTP/1.1 and Redis require. */
  CRLF(new byte[] {'\r', '\n'});

  private final byte[] bytes;

  LineTerminator(byte[] bytes) {
    this.bytes = bytes;
  }

  /** A fresh copy of the terminator bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }
}
