package org.ristourne.support;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A browser without a browser: one person's cookies (session, language), form posts with the CSRF token of the last
 * page read, no redirects followed, so a test sees each 302/303 and where it points.
 */
public final class PageClient {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final String baseUrl;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;
    private String csrfToken;

    public PageClient(int port) {
        this("http://127.0.0.1:" + port);
    }

    public PageClient(String baseUrl) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public HttpResponse<String> get(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET()
                .header("Accept", "text/html"));
        Matcher token = CSRF.matcher(response.body());
        if (token.find()) {
            csrfToken = token.group(1);
        }
        return response;
    }

    /** A page read with this Accept-Language header, as a browser set to that language would. */
    public HttpResponse<String> get(String path, String acceptLanguage) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET().header("Accept", "text/html")
                .header("Accept-Language", acceptLanguage));
    }

    /** Reads the page first, then posts the form with that page's CSRF token, as a browser would. */
    public HttpResponse<String> submit(String pagePath, String actionPath, Map<String, String> fields) {
        HttpResponse<String> page = get(pagePath);
        if (page.statusCode() != 200) {
            throw new AssertionError("GET " + pagePath + " answered " + page.statusCode() + ": " + page.body());
        }
        Map<String, String> withToken = new LinkedHashMap<>(fields);
        withToken.put("_csrf", csrfToken);
        return post(actionPath, withToken);
    }

    /** A post exactly as given: without a _csrf field unless the caller puts one in. */
    public HttpResponse<String> post(String path, Map<String, String> fields) {
        return send("POST", path, fields);
    }

    /** A form sent with any method (PUT, DELETE...), exactly as given, as a script reusing this session would. */
    public HttpResponse<String> send(String method, String path, Map<String, String> fields) {
        String form = fields.entrySet().stream()
                .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                .collect(Collectors.joining("&"));
        return send(method, path, "application/x-www-form-urlencoded", form);
    }

    /** Any body with this session's cookies, e.g. JSON to an API, as a script reusing a browser's session would. */
    public HttpResponse<String> send(String method, String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", contentType).header("Accept", "text/html")
                .method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> signUp(String name, String email, String password) {
        return submit("/sign-up", "/sign-up", Map.of("displayName", name, "email", email, "password", password));
    }

    public HttpResponse<String> signIn(String email, String password) {
        return submit("/sign-in", "/sign-in", Map.of("email", email, "password", password));
    }

    public String csrfToken() {
        return csrfToken;
    }

    public Optional<String> sessionId() {
        return cookies.getCookieStore().getCookies().stream().filter(cookie -> cookie.getName()
                .equals("RISTOURNE_SESSION")).map(HttpCookie::getValue).findFirst();
    }

    /** The session cookie given to another client: the same person on another node. */
    public void useSessionOf(PageClient other) {
        other.cookies.getCookieStore().getCookies().forEach(cookie -> cookies.getCookieStore()
                .add(URI.create(baseUrl), cookie));
    }

    public static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location").orElse("");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException("request to the broker failed", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
