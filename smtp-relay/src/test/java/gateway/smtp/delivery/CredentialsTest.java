package gateway.smtp.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gateway.smtp.config.RelayHostConfig;
import gateway.smtp.config.TlsMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {
    @TempDir
    Path dir;

    RelayHostConfig withFile(Path f) {
        return RelayHostConfig.defaults().withHost("smtp.isp.test", 587, TlsMode.STARTTLS)
                .withCredentials("user", "", f);
    }

    @Test
    void passwordFileReadableByOthersIsRefused() throws IOException {
        Path f = Files.writeString(dir.resolve("pw"), "hunter2\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> Credentials.from(withFile(f))).hasMessageContaining("chmod 600")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void privatePasswordFileIsRead() throws IOException {
        Path f = Files.writeString(dir.resolve("pw"), "hunter2\r\nignored");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        Credentials c = Credentials.from(withFile(f));
        assertThat(c.password()).isEqualTo("hunter2");
        assertThat(c.toString()).doesNotContain("hunter2");
    }

    @Test
    void configNeverPrintsThePassword() {
        RelayHostConfig cfg = RelayHostConfig.defaults().withHost("smtp.isp.test", 587, TlsMode.STARTTLS)
                .withCredentials("user", "hunter2", null);
        assertThat(cfg.toString()).doesNotContain("hunter2").contains("user");
        assertThatThrownBy(() -> cfg.withCredentials("u", "p", dir.resolve("x")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
