package gateway.proxy.cache;

import java.util.ArrayList;
import java.util.List;

/**
 * An entity-tag (RFC 9110 section 8.8.3): {@code [W/] DQUOTE *etagc DQUOTE}, with the strong and
 * weak comparisons of section 8.8.3.2. Parsing never throws: what is not an entity-tag is null,
 * and malformed members of a list are left out (so they match nothing).
 *
 * @param weak   whether it carries the {@code W/} prefix
 * @param opaque the quoted part, quotes included
 */
public record EntityTag(boolean weak, String opaque) {

    /** The entity-tag, or null when {@code value} is not exactly one. */
    public static EntityTag parse(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        boolean weak = v.startsWith("W/");
        String quoted = weak ? v.substring(2) : v;
        if (quoted.length() < 2 || quoted.charAt(0) != '"' || quoted.charAt(quoted.length() - 1) != '"') {
            return null;
        }
        for (int i = 1; i < quoted.length() - 1; i++) {
            if (!etagc(quoted.charAt(i))) {
                return null;
            }
        }
        return new EntityTag(weak, quoted);
    }

    /**
     * The entity-tags of a list-valued field (If-Match, If-None-Match), every line of it; a
     * comma inside quotes belongs to the tag. Members that are not entity-tags are skipped.
     */
    public static List<EntityTag> parseList(List<String> lines) {
        List<EntityTag> tags = new ArrayList<>();
        for (String line : lines) {
            int i = 0;
            while (i < line.length()) {
                int end = memberEnd(line, i);
                EntityTag tag = parse(line.substring(i, end));
                if (tag != null) {
                    tags.add(tag);
                }
                i = end + 1;
            }
        }
        return tags;
    }

    /** Whether every line of the field is the single member {@code *}. */
    public static boolean isAny(List<String> lines) {
        return !lines.isEmpty() && lines.stream().allMatch(l -> l.trim().equals("*"));
    }

    /** The index of the comma ending the member that starts at {@code from}, or the line's end. */
    private static int memberEnd(String line, int from) {
        boolean quoted = false;
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                return i;
            }
        }
        return line.length();
    }

    /** etagc = %x21 / %x23-7E / obs-text */
    private static boolean etagc(char c) {
        return c == 0x21 || (c >= 0x23 && c <= 0x7E) || (c >= 0x80 && c <= 0xFF);
    }

    /** Strong comparison: neither is weak and the opaque tags are identical. */
    public boolean strongMatch(EntityTag other) {
        return other != null && !weak && !other.weak && opaque.equals(other.opaque);
    }

    /** Weak comparison: the opaque tags are identical, whether weak or not. */
    public boolean weakMatch(EntityTag other) {
        return other != null && opaque.equals(other.opaque);
    }
}
