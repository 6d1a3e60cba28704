package org.ristourne.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openqa.selenium.JavascriptExecutor;
import org.ristourne.support.browser.Browser;

/**
 * Reads what pages and their CSV exports promise the tests: a page's rows by their {@code data-} attributes (not by
 * its layout), in an HTML answer or in a real browser, and RFC 4180 CSV read independently of the broker's writers.
 * One copy for every test, so that a page and its CSV are always compared the same way.
 */
public final class PageRows {

    private static final Pattern ATTRIBUTE = Pattern.compile("\\sdata-([a-z0-9-]+)=\"([^\"]*)\"");
    /** Every data attribute of an element, in document order, as a JavaScript object. */
    private static final String DATA_ATTRIBUTES = """
            return Array.from(document.querySelectorAll(arguments[0])).map(function (element) {
              var data = [];
              for (var i = 0; i < element.attributes.length; i++) {
                var attribute = element.attributes[i];
                if (attribute.name.indexOf('data-') === 0) {
                  data.push([attribute.name.substring(5), attribute.value]);
                }
              }
              return data;
            });""";

    private PageRows() {
    }

    /**
     * The {@code data-} attributes (named without {@code data-}, values unescaped) of each element of an HTML text
     * whose start tag opens with {@code <tag class="cssClass"}, in document order.
     */
    public static List<Map<String, String>> dataRows(String html, String tag, String cssClass) {
        Pattern start = Pattern.compile("<" + Pattern.quote(tag) + " class=\"" + Pattern.quote(cssClass)
                + "\"([^>]*)>");
        List<Map<String, String>> rows = new ArrayList<>();
        Matcher element = start.matcher(html);
        while (element.find()) {
            Map<String, String> attributes = new LinkedHashMap<>();
            Matcher attribute = ATTRIBUTE.matcher(element.group(1));
            while (attribute.find()) {
                attributes.put(attribute.group(1), unescape(attribute.group(2)));
            }
            rows.add(attributes);
        }
        return rows;
    }

    /** The {@code data-} attributes (named without {@code data-}) of each element the browser finds by CSS. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, String>> dataRows(Browser browser, String css) {
        List<List<List<String>>> elements = (List<List<List<String>>>) ((JavascriptExecutor) browser.driver())
                .executeScript(DATA_ATTRIBUTES, css);
        List<Map<String, String>> rows = new ArrayList<>();
        for (List<List<String>> element : elements) {
            Map<String, String> attributes = new LinkedHashMap<>();
            element.forEach(pair -> attributes.put(pair.get(0), pair.get(1)));
            rows.add(attributes);
        }
        return rows;
    }

    public static String unescape(String html) {
        return html.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&#x27;", "'").replace("&amp;", "&");
    }

    /**
     * RFC 4180 as a spreadsheet reads it: quoted fields may hold commas, doubled quotes and line breaks; every record
     * ends with CRLF, the last one included (a file cut short fails here rather than losing its last row).
     */
    public static List<List<String>> csv(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                i++;
            } else {
                field.append(c);
            }
        }
        if (quoted || !record.isEmpty() || field.length() > 0) {
            throw new AssertionError("the CSV's last record does not end with CRLF: " + record + field);
        }
        return records;
    }
}
