package gateway.it.app;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the gateway fat jar ({@code gateway-app/target/gateway.jar}) and fails clearly when it is missing. */
public final class GatewayJar {

    /** System property with the jar's path; the it-tests POM sets it. */
    public static final String PROPERTY = "gateway.it.jar";

    private GatewayJar() {
    }

    /** Where the jar should be: the property, else {@code ../gateway-app/target/gateway.jar} from the module. */
    public static Path location() {
        String configured = System.getProperty(PROPERTY);
        Path path = configured != null && !configured.isBlank()
                ? Path.of(configured)
                : Path.of("..", "gateway-app", "target", "gateway.jar");
        return path.toAbsolutePath().normalize();
    }

    /** The jar's path; throws {@link IllegalStateException} telling how to build it if it is missing. */
    public static Path require() {
        Path jar = location();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("gateway fat jar is missing: " + jar + "\n"
                    + "build it first: cd /work/main && mvn -o package -DskipTests "
                    + "(gateway-app's package phase writes gateway-app/target/gateway.jar; "
                    + "'mvn -o verify' on the whole reactor does it before the ITs)");
        }
        return jar;
    }
}
