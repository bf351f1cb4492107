package dev.weft.fanout;

import dev.weft.net.CloseCause;
import dev.weft.net.CloseInfo;
import dev.weft.net.ConnectionInfo;
import dev.weft.net.ConnectionListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records closed events. (weft-testing's RecordingListener cannot be used: it depends on core.) */
final class ClosedEvents implements ConnectionListener {
  private final List<CloseCause> causes = new CopyOnWriteArrayList<>();

  @Override
  public void closed(ConnectionInfo conn, CloseInfo close) {
    causes.add(close.cause());
  }

  List<CloseCause> causes() {
    return List.copyOf(causes);
  }
}
