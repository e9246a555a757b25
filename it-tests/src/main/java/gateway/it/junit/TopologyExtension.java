package gateway.it.junit;

import gateway.it.topology.Topology;
import gateway.it.topology.TopologyBuilder;
import gateway.it.topology.TopologyDiagnostics;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Builds a {@link Topology} before a test class's tests and closes it after them, even when they
 * fail; when a test throws, prints the topology's addresses, routes and daemon log tails.
 *
 * <pre>{@code
 * @RequiresNetns(binaries = "curl")
 * class SomeIT {
 *     @RegisterExtension
 *     static final TopologyExtension NET = TopologyExtension.of(b -> b.clients(2));
 *
 *     @Test void test() { NET.topology().client(1).execOk("curl", ...); }
 * }
 * }</pre>
 * Put {@link RequiresNetns} on the class so that nothing is built where namespaces are unavailable.
 */
public final class TopologyExtension implements BeforeAllCallback, AfterAllCallback, TestExecutionExceptionHandler {

    private final UnaryOperator<TopologyBuilder> customizer;
    private volatile Topology topology;

    private TopologyExtension(UnaryOperator<TopologyBuilder> customizer) {
        this.customizer = customizer;
    }

    /** The default topology: one client, the origin host, IPv6 on. */
    public static TopologyExtension standard() {
        return new TopologyExtension(UnaryOperator.identity());
    }

    /** A topology shaped by {@code customizer}, e.g. {@code b -> b.clients(3)}. */
    public static TopologyExtension of(UnaryOperator<TopologyBuilder> customizer) {
        return new TopologyExtension(customizer);
    }

    /** The topology of the running test class. */
    public Topology topology() {
        if (topology == null) {
            throw new IllegalStateException("no topology: register this extension on a static field");
        }
        return topology;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        topology = customizer.apply(Topology.builder()).build();
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        if (topology != null) {
            System.err.println("test " + context.getDisplayName() + " failed: " + throwable);
            System.err.println(TopologyDiagnostics.describe(topology));
        }
        throw throwable;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Topology built = topology;
        topology = null;
        if (built != null) {
            built.close();
        }
    }
}
