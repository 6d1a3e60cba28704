package org.ristourne.support.fuzz;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded mutations of a JSON document, for fuzzing what a careless or hostile client can send: values replaced by
 * others of every type and at and past every limit, keys removed, added and duplicated, odd Unicode, deep nesting, and
 * bytes that are not JSON or not UTF-8 at all. A document is built of {@link LinkedHashMap}s, {@link List}s, strings,
 * numbers, booleans, nulls and {@link Raw} snippets; it is written here, not by a JSON library, so that a mutant may
 * hold what no library would write (duplicate keys, lone surrogates, numbers past any type).
 *
 * <p>The same seed gives the same mutants, so a failure is reproduced by its seed and case number.
 */
public final class Mutator {

    /** JSON text written as it is. */
    public record Raw(String json) {
    }

    /** A key written once more in the same object, under the same name. */
    private record Duplicate(String name, int copy) {
    }

    /** One mutant: what was done to the document, and the bytes to send. */
    public record Mutant(String label, byte[] body) {

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Lengths at and just past the limits the contracts state, and a few beyond. */
    private static final int[] LENGTHS = {0, 1, 2, 3, 4, 15, 16, 17, 31, 32, 33, 39, 40, 41, 63, 64, 65, 100, 101, 127,
        128, 129, 254, 255, 256, 320, 321, 499, 500, 501, 1000, 5000};

    private static final String[] NUMBERS = {"0", "-0", "1", "-1", "2", "999", "1000000", "1000001", "12999",
        "1000000000000000", "1000000000000001", "-1000000000000000", "-1000000000000001", "9223372036854775807",
        "-9223372036854775808", "9223372036854775808", "-9223372036854775809", "18446744073709551616",
        "123456789012345678901234567890", "1.5", "-0.0", "1e3", "1E2", "12999.0", "1e400", "-1e400", "0.1e-400",
        "253402300799", "253402300800", "2147483648", "4294967296", "1700000000"};

    private static final String[] STRINGS = {"", " ", "\t", "EUR", "eur", "USD", "XXX", "EURO", "€", "JPY", "KWD",
        "2026-11-24T10:15:30Z", "2026-11-24T10:15:30.123456789Z", "2026-11-24T10:15:30+01:00", "2026-02-30T00:00:00Z",
        "2026-11-24T10:15:30+25:00", "1969-12-31T23:59:59Z", "1970-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
        "+10000-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "2026-11-24",
        "10:15:30", "now", "sale.completed", "sale.refunded", "SALE.COMPLETED", "ord_1001", "ord 1001", "-ord",
        "ord/1001", "ord\\1001", "ord%00", "<script>alert(1)</script>", "' or 1=1 --", "%s%n%d", "../../etc/passwd",
        "\u0000", "a\u0000b", "\u202eevil", "e\u0301", "\ufeffBOM", "😀", "😀😀😀", "\ud83d", "\udc00x",
        "cref_aaaaaaaaaaaaaaaaaaaaaaaaaa", "cref_AAAAAAAAAAAAAAAAAAAAAAAAAA", "cref_", "null", "true", "12999",
        "=HYPERLINK(\"http://x\")", "line\nbreak", "\r\n", "\u2028", "ℌ𝔢𝔩𝔩𝔬", "\u00a0", "Ω", "𝒳"};

    private final Random random;

    public Mutator(long seed) {
        this.random = new Random(seed);
    }

    public Random random() {
        return random;
    }

    /** One mutant of {@code document}, which is left as it was. */
    public Mutant mutate(Map<String, Object> document) {
        int kind = random.nextInt(100);
        if (kind < 60) {
            Map<String, Object> copy = copy(document);
            String label = mutateTree(copy);
            if (random.nextInt(4) == 0) {
                label += " + " + mutateTree(copy);
            }
            return new Mutant(label, utf8(write(copy)));
        }
        byte[] written = utf8(write(document));
        if (kind < 80) {
            return bytes(written);
        }
        if (kind < 90) {
            return nested();
        }
        return encoding(document);
    }

    // ---- tree mutations: one place in the document changed

    private String mutateTree(Map<String, Object> document) {
        List<Place> places = new ArrayList<>();
        collect(document, "$", places);
        Place place = places.get(random.nextInt(places.size()));
        int what = random.nextInt(100);
        if (what < 60) {
            Object value = value();
            place.set(value);
            return place.path() + " = " + describe(value);
        }
        if (place.container() instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<Object, Object> object = (Map<Object, Object>) map;
            if (what < 75) {
                place.remove();
                return place.path() + " removed";
            }
            if (what < 88) {
                Object value = random.nextBoolean() ? object.get(place.key()) : value();
                object.put(new Duplicate(String.valueOf(place.key()), random.nextInt(1000)), value);
                return place.path() + " duplicated as " + describe(value);
            }
            String name = random.nextBoolean() ? "unexpected" : string();
            object.put(name, value());
            return "unknown key " + describe(name) + " beside " + place.path();
        }
        if (what < 80) {
            place.remove();
            return place.path() + " removed";
        }
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) place.container();
        int index = (Integer) place.key();
        int copies = random.nextInt(4) == 0 ? 501 : 1 + random.nextInt(3);
        for (int i = 0; i < copies; i++) {
            list.add(list.isEmpty() ? value() : copy(list.get(index % Math.max(1, list.size()))));
        }
        return place.path() + " repeated " + copies + " times";
    }

    /** A value's place in the document: in an object under a key, or in an array at an index. */
    private record Place(Object container, Object key, String path) {

        @SuppressWarnings("unchecked")
        void set(Object value) {
            if (container instanceof Map<?, ?> map) {
                ((Map<Object, Object>) map).put(key, value);
            } else {
                ((List<Object>) container).set((Integer) key, value);
            }
        }

        void remove() {
            if (container instanceof Map<?, ?> map) {
                map.remove(key);
            } else {
                ((List<?>) container).remove((int) (Integer) key);
            }
        }
    }

    private static void collect(Object node, String path, List<Place> places) {
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String child = path + "." + entry.getKey();
                places.add(new Place(map, entry.getKey(), child));
                collect(entry.getValue(), child, places);
            }
        } else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                String child = path + "[" + i + "]";
                places.add(new Place(list, i, child));
                collect(list.get(i), child, places);
            }
        }
    }

    /** A value of any type: a number or string from the lists above, one of a chosen length, or a container. */
    private Object value() {
        int kind = random.nextInt(100);
        if (kind < 30) {
            return new Raw(NUMBERS[random.nextInt(NUMBERS.length)]);
        }
        if (kind < 55) {
            return STRINGS[random.nextInt(STRINGS.length)];
        }
        if (kind < 80) {
            return string();
        }
        if (kind < 85) {
            return new Raw(Long.toString(random.nextLong()));
        }
        if (kind < 88) {
            return new Raw(new BigInteger(80, random).negate().toString());
        }
        return switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> new ArrayList<>();
            case 3 -> new LinkedHashMap<>();
            case 4 -> new ArrayList<>(List.of(1, "a", new LinkedHashMap<>()));
            default -> new Raw("\"\\ud800\"");
        };
    }

    /** A form field's value: a number or string from the lists above, or one of a limit's length. */
    public String text() {
        int kind = random.nextInt(3);
        return kind == 0 ? NUMBERS[random.nextInt(NUMBERS.length)]
                : kind == 1 ? STRINGS[random.nextInt(STRINGS.length)] : string();
    }

    /** A string of a limit's length, of ASCII or of characters from odd corners of Unicode. */
    private String string() {
        int length = LENGTHS[random.nextInt(LENGTHS.length)];
        StringBuilder text = new StringBuilder(length);
        int alphabet = random.nextInt(5);
        while (text.length() < length) {
            switch (alphabet) {
                case 0 -> text.append((char) ('a' + random.nextInt(26)));
                case 1 -> text.append((char) (0x20 + random.nextInt(0x5f)));
                case 2 -> text.appendCodePoint(0x1f600 + random.nextInt(0x50));
                case 3 -> text.append((char) random.nextInt(0x20));
                default -> text.appendCodePoint(random.nextInt(0x2ffff) + 1);
            }
        }
        String built = text.toString();
        // a supplementary character at the end may overshoot by one: the lengths must be exact
        return built.length() > length ? built.substring(0, length) : built;
    }

    // ---- byte mutations: the written document damaged

    private Mutant bytes(byte[] written) {
        byte[] body = written.clone();
        int position = body.length == 0 ? 0 : random.nextInt(body.length);
        return switch (random.nextInt(6)) {
            case 0 -> new Mutant("truncated at " + position, java.util.Arrays.copyOf(body, position));
            case 1 -> {
                body[position] = (byte) random.nextInt(256);
                yield new Mutant("byte " + position + " replaced", body);
            }
            case 2 -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(body, 0, position);
                out.write(random.nextInt(256));
                out.write(body, position, body.length - position);
                yield new Mutant("byte inserted at " + position, out.toByteArray());
            }
            case 3 -> new Mutant("trailing content", concat(body, utf8(random.nextBoolean() ? "{}" : " x")));
            case 4 -> new Mutant("empty", new byte[0]);
            default -> new Mutant("not JSON", utf8(random.nextBoolean() ? "type=sale.completed&amount=1"
                    : "<sale><amount>1</amount></sale>"));
        };
    }

    /** Arrays or objects nested deeper than any parser should follow, within the 64 KiB bodies. */
    private Mutant nested() {
        int depth = new int[] {64, 500, 1001, 5000, 20000}[random.nextInt(5)];
        StringBuilder text = new StringBuilder();
        boolean objects = random.nextBoolean();
        text.append("{\"type\":\"sale.completed\",\"data\":");
        text.append((objects ? "{\"a\":" : "[").repeat(depth));
        text.append('1');
        text.append((objects ? "}" : "]").repeat(depth));
        text.append('}');
        return new Mutant("nested " + depth + (objects ? " objects" : " arrays"), utf8(text.toString()));
    }

    /** The document in another encoding than UTF-8, or with bytes UTF-8 forbids. */
    private Mutant encoding(Map<String, Object> document) {
        String text = write(document);
        return switch (random.nextInt(4)) {
            case 0 -> new Mutant("UTF-8 byte order mark", concat(new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf},
                    utf8(text)));
            case 1 -> new Mutant("UTF-16", text.getBytes(StandardCharsets.UTF_16));
            case 2 -> new Mutant("Latin-1 é", text.replaceFirst("\"([a-z])", "\"é$1")
                    .getBytes(StandardCharsets.ISO_8859_1));
            default -> new Mutant("overlong UTF-8 slash", concat(utf8(text.substring(0, text.length() - 1)),
                    new byte[] {(byte) 0xc0, (byte) 0xaf, '}'}));
        };
    }

    // ---- writing

    public static String write(Object node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    private static void write(Object node, StringBuilder out) {
        if (node == null) {
            out.append("null");
        } else if (node instanceof Raw raw) {
            out.append(raw.json());
        } else if (node instanceof String text) {
            quote(text, out);
        } else if (node instanceof Number || node instanceof Boolean) {
            out.append(node);
        } else if (node instanceof Map<?, ?> map) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                Object key = entry.getKey();
                quote(key instanceof Duplicate duplicate ? duplicate.name() : String.valueOf(key), out);
                out.append(':');
                write(entry.getValue(), out);
            }
            out.append('}');
        } else if (node instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(list.get(i), out);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("not a JSON node: " + node.getClass());
        }
    }

    private static void quote(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c) && !validPair(text, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean validPair(String text, int i) {
        char c = text.charAt(i);
        return Character.isHighSurrogate(c) ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                : i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }

    private static String describe(Object value) {
        String written = write(value);
        return written.length() > 60 ? written.substring(0, 60) + "…(" + written.length() + ")" : written;
    }

    @SuppressWarnings("unchecked")
    private static <T> T copy(T node) {
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((key, value) -> copy.put(key, copy(value)));
            return (T) copy;
        }
        if (node instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(value -> copy.add(copy(value)));
            return (T) copy;
        }
        return node;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
