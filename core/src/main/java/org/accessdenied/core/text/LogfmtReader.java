package org.accessdenied.core.text;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads back a log line the pack writes in logfmt (core's {@code LogfmtLine}): the expected head, then only
 * {@code key=value} fields, bare or double-quoted with the escapes {@code \" \\ \n \r \t \xNN} and
 * <code>&#92;u{HEX}</code>. Strict on purpose: a stray word, a repeated key, an unknown escape or a non-printable
 * character is an error, so a test sees any value that escaped its field.
 */
public final class LogfmtReader {
    private final String line;
    private int at;

    private LogfmtReader(String line, int at) {
        this.line = line;
        this.at = at;
    }

    /** The fields after {@code head}, in line order. */
    public static Map<String, String> fields(String line, String head) {
        if (!line.startsWith(head)) {
            throw new IllegalArgumentException("line does not start with '" + head + "': " + line);
        }
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                throw new IllegalArgumentException("not printable ASCII at " + i + ": " + line);
            }
        }
        return new LogfmtReader(line, head.length()).fields();
    }

    private Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        while (at < line.length()) {
            expect(' ');
            int keyStart = at;
            while (at < line.length() && line.charAt(at) != '=' && line.charAt(at) != ' ' && line.charAt(at) != '"') {
                at++;
            }
            String key = line.substring(keyStart, at);
            if (key.isEmpty()) {
                throw error("empty key");
            }
            expect('=');
            String value = at < line.length() && line.charAt(at) == '"' ? quoted() : bare();
            if (fields.put(key, value) != null) {
                throw error("repeated key " + key);
            }
        }
        return fields;
    }

    private String bare() {
        int start = at;
        while (at < line.length() && line.charAt(at) != ' ') {
            char c = line.charAt(at);
            if (c == '=' || c == '"' || c == '\\') {
                throw error("'" + c + "' in a bare value");
            }
            at++;
        }
        if (at == start) {
            throw error("empty bare value");
        }
        return line.substring(start, at);
    }

    private String quoted() {
        expect('"');
        StringBuilder value = new StringBuilder();
        while (true) {
            if (at >= line.length()) {
                throw error("unterminated quoted value");
            }
            char c = line.charAt(at++);
            if (c == '"') {
                return value.toString();
            }
            if (c != '\\') {
                value.append(c);
                continue;
            }
            if (at >= line.length()) {
                throw error("escape at the end");
            }
            char e = line.charAt(at++);
            switch (e) {
                case '"': value.append('"'); break;
                case '\\': value.append('\\'); break;
                case 'n': value.append('\n'); break;
                case 'r': value.append('\r'); break;
                case 't': value.append('\t'); break;
                case 'x':
                    value.append((char) Integer.parseInt(take(2), 16));
                    break;
                case 'u': {
                    expect('{');
                    int close = line.indexOf('}', at);
                    if (close < 0) {
                        throw error("unterminated \\u{");
                    }
                    value.appendCodePoint(Integer.parseInt(take(close - at), 16));
                    expect('}');
                    break;
                }
                default:
                    throw error("unknown escape \\" + e);
            }
        }
    }

    private String take(int n) {
        if (at + n > line.length()) {
            throw error("line ends inside an escape");
        }
        String taken = line.substring(at, at + n);
        at += n;
        return taken;
    }

    private void expect(char c) {
        if (at >= line.length() || line.charAt(at) != c) {
            throw error("expected '" + c + "'");
        }
        at++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at " + at + ": " + line);
    }
}
