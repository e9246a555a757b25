package gateway.it.netns;

/** Thrown when a daemon dies or does not become ready in time; the message carries its log tail. */
public final class DaemonFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DaemonFailedException(String what, NetnsDaemon daemon) {
        super(daemon.label() + ": " + what + "\n" + daemon.describe());
    }
}
