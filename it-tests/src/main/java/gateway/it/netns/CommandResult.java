package gateway.it.netns;

import java.util.List;

/**
 * The outcome of one finished (or timed-out) command: its argv, exit code and captured output.
 *
 * @param command the argv that was run
 * @param exitCode the exit code, or -1 when the command timed out and was killed
 * @param stdout everything the command wrote to standard output
 * @param stderr everything the command wrote to standard error
 * @param timedOut whether the command was killed because it ran past its timeout
 */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr, boolean timedOut) {

    public CommandResult {
        command = List.copyOf(command);
    }

    /** Whether the command finished in time with exit code 0. */
    public boolean ok() {
        return !timedOut && exitCode == 0;
    }

    /** Returns this result if {@link #ok()}, otherwise throws a {@link CommandFailedException} describing it. */
    public CommandResult orThrow() {
        if (!ok()) {
            throw new CommandFailedException(this);
        }
        return this;
    }

    /** A multi-line description for failure messages: command, exit code and both outputs. */
    public String describe() {
        return "command: " + String.join(" ", command) + "\n"
                + (timedOut ? "result: TIMED OUT (killed)\n" : "exit code: " + exitCode + "\n")
                + "stdout:\n" + indent(stdout)
                + "stderr:\n" + indent(stderr);
    }

    private static String indent(String text) {
        if (text.isEmpty()) {
            return "  (empty)\n";
        }
        StringBuilder out = new StringBuilder();
        text.lines().forEach(line -> out.append("  ").append(line).append('\n'));
        return out.toString();
    }
}
