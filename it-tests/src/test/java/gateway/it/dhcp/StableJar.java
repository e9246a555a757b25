package gateway.it.dhcp;

import gateway.it.app.GatewayJar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A private copy of the gateway jar for one test class: other builds in the same working tree
 * rewrite gateway-app/target/gateway.jar while a long scenario restarts the gateway.
 */
final class StableJar {
    private StableJar() {
    }

    static Path copyInto(Path dir) {
        try {
            Path copy = dir.resolve("gateway.jar");
            if (!Files.exists(copy)) {
                Files.copy(GatewayJar.require(), copy, StandardCopyOption.REPLACE_EXISTING);
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
