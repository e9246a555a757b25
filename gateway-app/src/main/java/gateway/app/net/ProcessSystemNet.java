package gateway.app.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** {@link SystemNet} on the real machine: {@code nft} and {@code ip} as processes, sysctls through /proc. */
public final class ProcessSystemNet implements SystemNet {
  private static final Path PROC_NET = Path.of("/proc/sys/net");
  private static final long TIMEOUT_SECONDS = 30;

  @Override
  public String run(List<String> command, String stdin) {
    Process p;
    try {
      p = new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw new NetException("cannot run '" + command.get(0) + "' (is it installed? Debian packages"
          + " nftables and iproute2): " + e.getMessage(), e);
    }
    try {
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
      try (OutputStream in = p.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new NetException("'" + String.join(" ", command) + "' did not finish in " + TIMEOUT_SECONDS + " s");
      }
      if (p.exitValue() != 0) {
        throw new NetException("'" + String.join(" ", command) + "' failed (exit " + p.exitValue() + "): "
            + err.join().strip() + hint(err.join()));
      }
      return out.join();
    } catch (IOException e) {
      throw new NetException("'" + String.join(" ", command) + "' failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new NetException("interrupted while running " + command.get(0), e);
    }
  }

  private static String hint(String stderr) {
    return stderr.contains("Operation not permitted")
        ? " (needs CAP_NET_ADMIN: run as root or through the systemd unit)" : "";
  }

  private static String drain(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public String readSysctl(String path) {
    try {
      return Files.readString(PROC_NET.resolve(path)).strip();
    } catch (java.nio.file.NoSuchFileException e) {
      throw new NetException("sysctl net/" + path + " does not exist"
          + (path.contains("/conf/") ? " (is the interface there? see 'ip link'; check lan.interface)" : ""), e);
    } catch (IOException e) {
      throw new NetException("cannot read sysctl net/" + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void writeSysctl(String path, String value) {
    try {
      Files.writeString(PROC_NET.resolve(path), value + "\n");
    } catch (IOException e) {
      throw new NetException("cannot set sysctl net/" + path + "=" + value + ": " + e.getMessage()
          + " (needs CAP_NET_ADMIN, and the interface must exist)", e);
    }
  }
}
