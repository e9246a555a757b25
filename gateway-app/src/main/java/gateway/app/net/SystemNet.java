package gateway.app.net;

import java.util.List;

/** The kernel as the net commands see it: run a tool, read and write a sysctl. Tests fake it. */
public interface SystemNet {
  /** Runs {@code command} with {@code stdin}; returns its stdout, or throws {@link NetException} naming the command and its error. */
  String run(List<String> command, String stdin);

  /** The value of {@code /proc/sys/net/<path>}, trimmed. */
  String readSysctl(String path);

  void writeSysctl(String path, String value);
}
