package dev.weft.frame;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Test helper: drains a reader to its clean EOF. */
final class Decoding {
  private Decoding() {}

  static <T> List<T> readAll(FrameReader<T> reader) throws IOException {
    List<T> frames = new ArrayList<>();
    for (T frame; (frame = reader.read()) != null; ) {
      frames.add(frame);
    }
    return frames;
  }
}
