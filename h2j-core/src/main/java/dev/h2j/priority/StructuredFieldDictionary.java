package dev.h2j.priority;

import java.util.Base64;

/**
 * A parser of RFC 8941 Structured Field Dictionaries (§4.2.2) that keeps only what RFC 9218 §4 needs:
 * the last values of the keys {@code u} and {@code i}. Everything else is parsed, checked against the
 * grammar and dropped, so a value that is not a valid dictionary is told apart from one whose members
 * are merely unknown.
 *
 * <pre>
 * sf-dictionary = dict-member *( OWS "," OWS dict-member )
 * dict-member   = member-key ( parameters / ( "=" member-value ))
 * member-value  = sf-item / inner-list
 * key           = ( lcalpha / "*" ) *( lcalpha / DIGIT / "_" / "-" / "." / "*" )
 * </pre>
 *
 * <p>One parser reads one value; not thread-safe.
 */
final class StructuredFieldDictionary {

    /** The type of a member value, which RFC 9218 §4 checks before using it. */
    private enum Type { NONE, INTEGER, DECIMAL, STRING, TOKEN, BINARY, BOOLEAN, INNER_LIST }

    /** Thrown inside the parser when the input breaks the grammar; never leaves this class. */
    private static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed() {
            super(null, null, false, false);
        }
    }

    private static final Malformed MALFORMED = new Malformed();

    private final CharSequence input;
    private int pos;
    // The type and value of the bare item last parsed.
    private Type type;
    private long integer;
    private boolean bool;
    // The last values of u and i; NONE while the key has not appeared.
    private Type urgencyType = Type.NONE;
    private long urgency;
    private Type incrementalType = Type.NONE;
    private boolean incremental;

    private StructuredFieldDictionary(CharSequence input) {
        this.input = input;
    }

    /** Reads a priority from a field value; RFC 9218 §4 decides what is ignored. */
    static Priority priority(CharSequence fieldValue) {
        StructuredFieldDictionary parser = new StructuredFieldDictionary(fieldValue);
        try {
            parser.parse();
        } catch (Malformed e) {
            // RFC 8941 §4.2: a field value that fails to parse is ignored as a whole.
            return Priority.DEFAULT;
        }
        // RFC 9218 §4: unknown parameters, out-of-range values and values of an unexpected type are ignored.
        int u = parser.urgencyType == Type.INTEGER && parser.urgency >= Priority.MIN_URGENCY
                && parser.urgency <= Priority.MAX_URGENCY ? (int) parser.urgency : Priority.DEFAULT_URGENCY;
        boolean i = parser.incrementalType == Type.BOOLEAN && parser.incremental;
        return new Priority(u, i);
    }

    /**
     * RFC 8941 §4.2: leading SP, the dictionary, trailing SP, and nothing else. The dictionary ends only
     * at the end of the input: trailing SP is part of the OWS it allows after each member.
     */
    private void parse() throws Malformed {
        skipSpaces();
        if (pos < input.length()) {
            dictionary();
        }
    }

    /** RFC 8941 §4.2.2: members separated by commas, each a key with a value or parameters. */
    private void dictionary() throws Malformed {
        while (true) {
            String key = key();
            if (peek() == '=') {
                pos++;
                if (peek() == '(') {
                    innerList();
                } else {
                    item();
                }
            } else {
                // A key without a value is Boolean true, with parameters.
                parameters();
                type = Type.BOOLEAN;
                bool = true;
            }
            remember(key);
            skipOptionalWhitespace();
            if (pos == input.length()) {
                return;
            }
            if (input.charAt(pos++) != ',') {
                throw MALFORMED;
            }
            skipOptionalWhitespace();
            if (pos == input.length()) {
                // A trailing comma.
                throw MALFORMED;
            }
        }
    }

    /** RFC 8941 §4.2.2: a repeated key overwrites the value it had. */
    private void remember(String key) {
        if (key.equals("u")) {
            urgencyType = type;
            urgency = integer;
        } else if (key.equals("i")) {
            incrementalType = type;
            incremental = bool;
        }
    }

    /** RFC 8941 §4.2.1.2: {@code "(" *SP [ sf-item *( 1*SP sf-item ) *SP ] ")" parameters}. */
    private void innerList() throws Malformed {
        pos++;
        while (pos < input.length()) {
            skipSpaces();
            if (peek() == ')') {
                pos++;
                parameters();
                type = Type.INNER_LIST;
                return;
            }
            item();
            char next = peek();
            if (next != ' ' && next != ')') {
                throw MALFORMED;
            }
        }
        throw MALFORMED;
    }

    /** RFC 8941 §4.2.3: a bare item and its parameters; the type stays the bare item's. */
    private void item() throws Malformed {
        bareItem();
        Type itemType = type;
        long itemInteger = integer;
        boolean itemBool = bool;
        parameters();
        type = itemType;
        integer = itemInteger;
        bool = itemBool;
    }

    /** RFC 8941 §4.2.3.2: {@code *( ";" *SP param-key [ "=" bare-item ] )}, parsed and dropped. */
    private void parameters() throws Malformed {
        while (peek() == ';') {
            pos++;
            skipSpaces();
            key();
            if (peek() == '=') {
                pos++;
                bareItem();
            }
        }
    }

    /** RFC 8941 §4.2.3.3: {@code ( lcalpha / "*" ) *( lcalpha / DIGIT / "_" / "-" / "." / "*" )}. */
    private String key() throws Malformed {
        int start = pos;
        char first = peek();
        if (!isLowerAlpha(first) && first != '*') {
            throw MALFORMED;
        }
        pos++;
        while (pos < input.length()) {
            char c = input.charAt(pos);
            if (!isLowerAlpha(c) && !isDigit(c) && c != '_' && c != '-' && c != '.' && c != '*') {
                break;
            }
            pos++;
        }
        return input.subSequence(start, pos).toString();
    }

    /** RFC 8941 §4.2.3.1: the first character picks the type. */
    private void bareItem() throws Malformed {
        char c = peek();
        if (c == '-' || isDigit(c)) {
            number();
        } else if (c == '"') {
            string();
        } else if (isAlpha(c) || c == '*') {
            token();
        } else if (c == ':') {
            binary();
        } else if (c == '?') {
            bool();
        } else {
            throw MALFORMED;
        }
    }

    /** RFC 8941 §4.2.4: at most 15 digits, or 12 before and 1 to 3 after the decimal point. */
    private void number() throws Malformed {
        int sign = 1;
        if (peek() == '-') {
            pos++;
            sign = -1;
        }
        if (!isDigit(peek())) {
            throw MALFORMED;
        }
        long value = 0;
        int digits = 0;
        int point = -1;
        while (pos < input.length()) {
            char c = input.charAt(pos);
            if (isDigit(c)) {
                value = value * 10 + (c - '0');
            } else if (c == '.' && point < 0) {
                if (digits > 12) {
                    throw MALFORMED;
                }
                point = digits;
            } else {
                break;
            }
            pos++;
            digits++;
            if (point < 0 ? digits > 15 : digits > 16) {
                throw MALFORMED;
            }
        }
        if (point < 0) {
            type = Type.INTEGER;
            integer = sign * value;
            return;
        }
        int fraction = digits - point - 1;
        if (fraction < 1 || fraction > 3) {
            throw MALFORMED;
        }
        type = Type.DECIMAL;
    }

    /** RFC 8941 §4.2.5: printable ASCII between quotes; backslash escapes only a quote or a backslash. */
    private void string() throws Malformed {
        pos++;
        while (pos < input.length()) {
            char c = input.charAt(pos++);
            if (c == '\\') {
                char escaped = peek();
                if (escaped != '"' && escaped != '\\') {
                    throw MALFORMED;
                }
                pos++;
            } else if (c == '"') {
                type = Type.STRING;
                return;
            } else if (c < 0x20 || c > 0x7e) {
                throw MALFORMED;
            }
        }
        throw MALFORMED;
    }

    /** RFC 8941 §4.2.6: {@code ( ALPHA / "*" ) *( tchar / ":" / "/" )}. */
    private void token() {
        pos++;
        while (pos < input.length() && (isTokenChar(input.charAt(pos)) || input.charAt(pos) == ':'
                || input.charAt(pos) == '/')) {
            pos++;
        }
        type = Type.TOKEN;
    }

    /** RFC 8941 §4.2.7: base64 between colons; missing {@code =} padding is accepted. */
    private void binary() throws Malformed {
        int start = ++pos;
        while (pos < input.length() && input.charAt(pos) != ':') {
            char c = input.charAt(pos);
            if (!isAlpha(c) && !isDigit(c) && c != '+' && c != '/' && c != '=') {
                throw MALFORMED;
            }
            pos++;
        }
        if (pos == input.length()) {
            throw MALFORMED;
        }
        try {
            Base64.getDecoder().decode(input.subSequence(start, pos).toString());
        } catch (IllegalArgumentException e) {
            throw MALFORMED;
        }
        pos++;
        type = Type.BINARY;
    }

    /** RFC 8941 §4.2.8: {@code "?" ( "0" / "1" )}. */
    private void bool() throws Malformed {
        pos++;
        char c = peek();
        if (c != '0' && c != '1') {
            throw MALFORMED;
        }
        pos++;
        type = Type.BOOLEAN;
        bool = c == '1';
    }

    /** The next character, or NUL at the end (NUL is never valid where peek is used). */
    private char peek() {
        return pos < input.length() ? input.charAt(pos) : '\0';
    }

    private void skipSpaces() {
        while (pos < input.length() && input.charAt(pos) == ' ') {
            pos++;
        }
    }

    /** OWS = *( SP / HTAB ) (RFC 9110 §5.6.3). */
    private void skipOptionalWhitespace() {
        while (pos < input.length() && (input.charAt(pos) == ' ' || input.charAt(pos) == '\t')) {
            pos++;
        }
    }

    private static boolean isLowerAlpha(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isAlpha(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** RFC 9110 §5.6.2: tchar. */
    private static boolean isTokenChar(char c) {
        return isAlpha(c) || isDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
