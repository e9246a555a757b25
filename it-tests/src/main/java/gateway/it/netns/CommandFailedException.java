package gateway.it.netns;

/** Thrown when a command that had to succeed failed or timed out; the message holds its full diagnostics. */
public final class CommandFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient CommandResult result;

    public CommandFailedException(CommandResult result) {
        super("command failed\n" + result.describe());
        this.result = result;
    }

    /** The failed command's result. */
    public CommandResult result() {
        return result;
    }
}
