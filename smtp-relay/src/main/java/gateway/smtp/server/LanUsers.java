package gateway.smtp.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.auth.UsernamePasswordValidator;

/**
 * LAN SMTP users from a file of {@code user:password} lines ({@code #} comments), which only its owner may
 * read. Passwords are compared in constant time; failures name nobody's password.
 */
public final class LanUsers implements UsernamePasswordValidator {
    private final Map<String, byte[]> users;

    private LanUsers(Map<String, byte[]> users) {
        this.users = users;
    }

    public static LanUsers load(Path file) throws IOException {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (perms.stream().anyMatch(p -> p != PosixFilePermission.OWNER_READ && p != PosixFilePermission.OWNER_WRITE)) {
            throw new IOException("LAN users file " + file + " must not be accessible by group or others (it is "
                    + PosixFilePermissions.toString(perms) + "); fix with: chmod 600 " + file);
        }
        Map<String, byte[]> users = new HashMap<>();
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            n++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int colon = l.indexOf(':');
            if (colon <= 0 || colon == l.length() - 1) {
                throw new IOException(file + " line " + n + ": expected user:password");
            }
            users.put(l.substring(0, colon), l.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
        }
        if (users.isEmpty()) {
            throw new IOException(file + " has no users");
        }
        return new LanUsers(users);
    }

    @Override
    public void login(String username, String password, MessageContext context) throws LoginFailedException {
        byte[] expected = users.get(username);
        byte[] given = password.getBytes(StandardCharsets.UTF_8);
        if (expected == null | !MessageDigest.isEqual(expected == null ? given : expected, given)) {
            throw new LoginFailedException("authentication failed");
        }
    }
}
