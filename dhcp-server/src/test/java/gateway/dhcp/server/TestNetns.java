package gateway.dhcp.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Two network namespaces joined by a veth pair, for server tests: "S" with lan0 192.0.2.1/24
 * (the DHCP server's side) and "C" with cl0 (clients). Names start with "gwdhcpt-"; leftovers
 * of earlier runs are removed first. Nothing is ever run in the machine's own namespace.
 */
final class TestNetns implements AutoCloseable {
    static final String PREFIX = "gwdhcpt-";
    final String server;
    final String client;

    private TestNetns(String tag) {
        this.server = PREFIX + tag + "-s";
        this.client = PREFIX + tag + "-c";
    }

    /** Skips the test without root (fails instead when GATEWAY_IT_REQUIRED=1, as CI sets). */
    static void assumeRoot() {
        boolean ip = new java.io.File("/usr/sbin/ip").canExecute() || new java.io.File("/usr/bin/ip").canExecute()
                || new java.io.File("/sbin/ip").canExecute();
        boolean root = ip && "root".equals(System.getProperty("user.name"));
        if (!root && "1".equals(System.getenv("GATEWAY_IT_REQUIRED"))) {
            throw new AssertionError("namespace tests need root and iproute2, and GATEWAY_IT_REQUIRED=1");
        }
        Assumptions.assumeTrue(root, "namespace tests need root and iproute2: skipped");
    }

    static TestNetns create(String tag) throws IOException, InterruptedException {
        sweep();
        TestNetns n = new TestNetns(tag + "-" + ProcessHandle.current().pid());
        try {
            run("ip", "netns", "add", n.server);
            run("ip", "netns", "add", n.client);
            run("ip", "link", "add", "lan0", "netns", n.server, "type", "veth", "peer", "name", "cl0", "netns", n.client);
            n.inServer("ip", "addr", "add", "192.0.2.1/24", "dev", "lan0");
            n.inServer("ip", "link", "set", "lan0", "up");
            n.inServer("ip", "link", "set", "lo", "up");
            n.inClient("ip", "link", "set", "lo", "up");
            n.inClient("ip", "link", "set", "cl0", "up");
            n.inClient("ip", "addr", "add", "192.0.2.250/24", "dev", "cl0");
            // limited broadcast needs a route; this one only reaches the server namespace
            n.inClient("ip", "route", "add", "255.255.255.255/32", "dev", "cl0");
            return n;
        } catch (IOException | RuntimeException e) {
            n.close();
            throw e;
        }
    }

    String inServer(String... cmd) throws IOException, InterruptedException {
        return run(prefixed(server, cmd));
    }

    String inClient(String... cmd) throws IOException, InterruptedException {
        return run(prefixed(client, cmd));
    }

    static List<String> prefixed(String ns, String... cmd) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        all.addAll(List.of(cmd));
        return all;
    }

    static String run(String... cmd) throws IOException, InterruptedException {
        return run(List.of(cmd));
    }

    static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + cmd);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(cmd + " exited " + p.exitValue() + ": " + out);
        }
        return out;
    }

    /** Removes namespaces of earlier runs whose JVM is gone. */
    static void sweep() throws IOException, InterruptedException {
        for (String line : run("ip", "netns", "list").split("\n")) {
            String name = line.split(" ")[0];
            if (!name.startsWith(PREFIX)) {
                continue;
            }
            String[] parts = name.split("-");
            long pid = parts.length >= 3 ? parseOrZero(parts[parts.length - 2]) : 0;
            if (pid == 0 || ProcessHandle.of(pid).isEmpty()) {
                deleteQuietly(name);
            }
        }
    }

    private static long parseOrZero(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void deleteQuietly(String ns) {
        try {
            // kill whatever still runs inside, then delete
            String pids = run("ip", "netns", "pids", ns).trim();
            for (String pid : pids.isEmpty() ? new String[0] : pids.split("\\s+")) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
            }
            run("ip", "netns", "del", ns);
        } catch (IOException | InterruptedException | NumberFormatException e) {
            // already gone
        }
    }

    @Override
    public void close() {
        deleteQuietly(client);
        deleteQuietly(server);
    }
}
