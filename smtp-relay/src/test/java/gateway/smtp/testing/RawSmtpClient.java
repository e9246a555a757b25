package gateway.smtp.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A byte-exact SMTP client for feeding a server malformed and hostile input over a real socket. */
public final class RawSmtpClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawSmtpClient(InetSocketAddress addr) throws IOException {
        socket = new Socket();
        socket.connect(addr, 5000);
        socket.setSoTimeout(20000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Reads one (possibly multi-line) reply; returns it with lines joined by "\n", or null at end of stream. */
    public String reply() throws IOException {
        StringBuilder all = new StringBuilder();
        while (true) {
            String line = line();
            if (line == null) {
                return all.length() == 0 ? null : all.toString();
            }
            if (all.length() > 0) {
                all.append('\n');
            }
            all.append(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return all.toString();
            }
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.UTF_8);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
    }

    public void send(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    public void send(byte[] raw) throws IOException {
        out.write(raw);
        out.flush();
    }

    /** Sends a command line with CRLF and returns the reply. */
    public String cmd(String line) throws IOException {
        send(line + "\r\n");
        return reply();
    }

    /** Greeting, EHLO, MAIL, RCPT..., DATA up to the 354; asserts nothing (callers do). */
    public void startMessage(String from, String... rcpts) throws IOException {
        startMessageWith("", from, rcpts);
    }

    /** Like {@link #startMessage} with MAIL parameters, e.g. " BODY=8BITMIME SMTPUTF8". */
    public void startMessageWith(String mailParameters, String from, String... rcpts) throws IOException {
        expect(reply(), "220");
        expect(cmd("EHLO client.lan"), "250");
        expect(cmd("MAIL FROM:<" + from + ">" + mailParameters), "250");
        for (String r : rcpts) {
            expect(cmd("RCPT TO:<" + r + ">"), "250");
        }
        expect(cmd("DATA"), "354");
    }

    public static String expect(String reply, String code) throws IOException {
        if (reply == null || !reply.startsWith(code)) {
            throw new IOException("expected " + code + " but got: " + reply);
        }
        return reply;
    }

    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
