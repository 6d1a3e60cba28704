package org.ristourne.broker.see.account;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.ristourne.support.PageRows;

/**
 * A browser as far as these tests need one: cookies kept (the session), redirects not followed (their status and
 * target are what is tested), forms posted with the CSRF token the last page carried. Reads the account page's rows
 * and figures by the attributes the page promises the browser tests (COMMON.md's contract), not by its layout.
 */
final class PageBrowser {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");
    private static final Pattern SALE_ROW = Pattern.compile("<tr class=\"sale\"([^>]*)>(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern ATTRIBUTE = Pattern.compile("\\s(data-[a-z-]+)=\"([^\"]*)\"");
    private static final Pattern STATE_CELL = Pattern.compile("<td class=\"state[^\"]*\">(.*?)</td>", Pattern.DOTALL);
    private static final Pattern STATE_DATE = Pattern.compile("class=\"state-date\"[^>]*>(.*?)</", Pattern.DOTALL);

    private final String baseUrl;
    private final HttpClient http;
    private String csrf = "";

    PageBrowser(int port) {
        this.baseUrl = "http://127.0.0.1:" + port;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Signs up through the real form: the GET makes the session and its token, the POST must land on /account. */
    void signUp(String name, String email, String password) {
        get("/sign-up");
        HttpResponse<String> signedUp = post("/sign-up", Map.of("displayName", name, "email", email, "password",
                password), true);
        if (signedUp.statusCode() != 302 || !signedUp.headers().firstValue("Location").orElse("").endsWith("/account")) {
            throw new AssertionError("sign-up answered " + signedUp.statusCode() + " " + signedUp.headers().map()
                    + ": " + signedUp.body());
        }
    }

    HttpResponse<String> get(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Accept", "text/html").GET());
        Matcher token = CSRF.matcher(response.body());
        if (token.find()) {
            csrf = token.group(1);
        }
        return response;
    }

    /** The page's body, failing unless it answered 200. */
    String page(String path) {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    HttpResponse<String> post(String path, Map<String, String> fields, boolean withToken) {
        Map<String, String> form = new LinkedHashMap<>(fields);
        if (withToken) {
            form.put("_csrf", csrf);
        }
        String body = form.entrySet().stream().map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)
                + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException("request to the broker failed", e);
        }
    }

    /**
     * Each {@code tr.sale} of the page as its data attributes, plus {@code state-name} (the text of its
     * {@code td.state}) and {@code state-text} (the state's date, as the page words it).
     */
    static List<Map<String, String>> saleRows(String html) {
        List<Map<String, String>> rows = new ArrayList<>();
        Matcher row = SALE_ROW.matcher(html);
        while (row.find()) {
            Map<String, String> attributes = new LinkedHashMap<>();
            Matcher attribute = ATTRIBUTE.matcher(row.group(1));
            while (attribute.find()) {
                attributes.put(attribute.group(1).substring("data-".length()), unescape(attribute.group(2)));
            }
            Matcher state = STATE_CELL.matcher(row.group(2));
            attributes.put("state-name", state.find() ? unescape(state.group(1).strip()) : null);
            Matcher stateDate = STATE_DATE.matcher(row.group(2));
            attributes.put("state-text", stateDate.find() ? unescape(stateDate.group(1).strip()) : "");
            rows.add(attributes);
        }
        return rows;
    }

    /** The {@code data-amount} of {@code li[data-currency][data-figure]}, or null without one. */
    static String figure(String html, String currency, String figure) {
        Matcher item = Pattern.compile("<li\\s[^>]*data-figure=[^>]*>").matcher(html);
        while (item.find()) {
            Map<String, String> attributes = new LinkedHashMap<>();
            Matcher attribute = ATTRIBUTE.matcher(item.group());
            while (attribute.find()) {
                attributes.put(attribute.group(1), attribute.group(2));
            }
            if (currency.equals(attributes.get("data-currency")) && figure.equals(attributes.get("data-figure"))) {
                return attributes.get("data-amount");
            }
        }
        return null;
    }

    /** The text inside the element with this id, tags removed and white space collapsed. */
    static String textOf(String html, String id) {
        Matcher element = Pattern.compile("id=\"" + id + "\"[^>]*>(.*?)</(p|section|form)>", Pattern.DOTALL)
                .matcher(html);
        if (!element.find()) {
            return null;
        }
        return unescape(element.group(1).replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ").strip());
    }

    static String unescape(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&#x27;", "'").replace("&amp;", "&");
    }

    /** RFC 4180, read independently of the page's writer (one reader for every test: {@link PageRows#csv}). */
    static List<List<String>> csv(String text) {
        return PageRows.csv(text);
    }
}
