package gateway.it.dns;

import gateway.it.netns.CommandResult;
import gateway.it.netns.Netns;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs the real {@code dig} in a namespace and reads its answer. */
record Dig(String status, List<String> flags, List<Answer> answers, String raw) {

    /** One answer line: name, TTL, type, data. */
    record Answer(String name, long ttl, String type, String data) {}

    private static final Pattern STATUS = Pattern.compile("status: ([A-Z]+)");
    private static final Pattern FLAGS = Pattern.compile(";; flags: ([a-z ]+);");

    static Dig query(Netns from, String server, String name, String type, String... options) {
        List<String> argv = new ArrayList<>(List.of("dig", "@" + server, name, type,
                "+tries=1", "+timeout=5", "+nocookie"));
        argv.addAll(List.of(options));
        CommandResult r = from.exec(Duration.ofSeconds(20), argv);
        if (!r.ok()) {
            throw new AssertionError("dig failed: " + r.describe());
        }
        return parse(r.stdout());
    }

    static Dig parse(String out) {
        Matcher s = STATUS.matcher(out);
        Matcher f = FLAGS.matcher(out);
        List<Answer> answers = new ArrayList<>();
        boolean inAnswer = false;
        for (String line : out.lines().toList()) {
            if (line.startsWith(";; ANSWER SECTION:")) {
                inAnswer = true;
                continue;
            }
            if (inAnswer && (line.isBlank() || line.startsWith(";;"))) {
                inAnswer = false;
            }
            if (inAnswer) {
                String[] t = line.trim().split("\\s+", 5);
                answers.add(new Answer(t[0], Long.parseLong(t[1]), t[3], t.length > 4 ? t[4] : ""));
            }
        }
        return new Dig(s.find() ? s.group(1) : "?", f.find() ? List.of(f.group(1).trim().split(" ")) : List.of(),
                answers, out);
    }

    boolean flag(String name) {
        return flags.contains(name);
    }
}
