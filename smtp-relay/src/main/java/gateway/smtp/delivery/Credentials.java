package gateway.smtp.delivery;

import gateway.smtp.config.RelayHostConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * The SASL password, from the config or from a file that only its owner may read (like Postfix's
 * sasl_passwd). Never logged: {@link #toString()} hides it.
 */
public final class Credentials {
    private final String username;
    private final char[] password;

    private Credentials(String username, char[] password) {
        this.username = username;
        this.password = password;
    }

    public static Credentials from(RelayHostConfig cfg) throws IOException {
        if (!cfg.authenticates()) {
            return new Credentials("", new char[0]);
        }
        if (cfg.passwordFile() != null) {
            return new Credentials(cfg.username(), readProtected(cfg.passwordFile()));
        }
        return new Credentials(cfg.username(), cfg.password().toCharArray());
    }

    /** Reads the first line of {@code file}, refusing a file that group or others can read. */
    static char[] readProtected(Path file) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        for (PosixFilePermission p : perms) {
            if (p != PosixFilePermission.OWNER_READ && p != PosixFilePermission.OWNER_WRITE) {
                throw new IOException("password file " + file + " must not be accessible by group or others"
                        + " (it is " + java.nio.file.attribute.PosixFilePermissions.toString(perms)
                        + "); fix with: chmod 600 " + file);
            }
        }
        String s = Files.readString(file, StandardCharsets.UTF_8);
        int nl = s.indexOf('\n');
        String line = (nl < 0 ? s : s.substring(0, nl)).replace("\r", "");
        if (line.isEmpty()) {
            throw new IOException("password file " + file + " is empty");
        }
        return line.toCharArray();
    }

    public String username() {
        return username;
    }

    /** The secret itself, for the SASL exchange only; never log it. */
    public String password() {
        return new String(password);
    }

    public boolean present() {
        return !username.isEmpty();
    }

    @Override
    public String toString() {
        return "Credentials[" + username + ", password hidden]";
    }
}
