package gateway.it.clients;

import gateway.it.netns.CommandResult;

/**
 * What curl got: the HTTP status (or -1 when no response arrived), the body, and the curl run itself.
 *
 * @param status the HTTP status code, or -1 if curl failed before a response (see {@link #curlExit()})
 * @param body the response body
 * @param curl the curl command's result, for diagnostics
 */
public record HttpReply(int status, String body, CommandResult curl) {

    /** curl's exit code: 0, or e.g. 7 (connection refused), 28 (timeout). */
    public int curlExit() {
        return curl.exitCode();
    }

    /** A multi-line description for assertion messages. */
    public String describe() {
        return "HTTP status " + status + "\n" + curl.describe();
    }
}
