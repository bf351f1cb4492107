package dev.weft.net;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records connection events for assertions (weft-testing ships a fuller RecordingListener). */
final class TestEvents implements ConnectionListener {
  final List<ConnectionInfo> accepted = new CopyOnWriteArrayList<>();
  final List<RejectReason> rejected = new CopyOnWriteArrayList<>();
  final List<CloseInfo> closed = new CopyOnWriteArrayList<>();

  @Override
  public void accepted(ConnectionInfo conn) {
    accepted.add(conn);
  }

  @Override
  public void rejected(InetSocketAddress remote, RejectReason reason) {
    rejected.add(reason);
  }

  @Override
  public void closed(ConnectionInfo conn, CloseInfo close) {
    closed.add(close);
  }

  List<CloseCause> causes() {
    return closed.stream().map(CloseInfo::cause).toList();
  }
}
