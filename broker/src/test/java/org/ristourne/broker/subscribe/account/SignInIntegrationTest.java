package org.ristourne.broker.subscribe.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ristourne.support.DatabaseSnapshot;
import org.ristourne.support.LoopbackCaller;
import org.ristourne.support.OperatorClient;
import org.ristourne.support.PageClient;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Customers sign up and sign in through the real forms: their personal data stays in customer_account, never in the
 * events; the session lives in the database and gets a new id at sign-in; CSRF tokens are required; failed sign-ins
 * lock the account for a while. Operators sign in by name, each with their own password, on the same form and on the
 * operator API, whose failed sign-ins are throttled per address and per account too.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ristourne.test.context=pages", "ristourne.operator.password=" + OperatorClient.PASSWORD})
abstract class SignInIntegrationTest {

    static final String PASSWORD = "correct horse battery";

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    private String email;

    @BeforeEach
    void newEmail() {
        email = "anna." + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
    }

    @Test
    void aNewCustomerIsSignedInWithANewSessionAndTheirNameAndEmailStayOutOfTheEvents() {
        PageClient anna = new PageClient(port);
        anna.get("/sign-up");
        String before = anna.sessionId().orElseThrow();

        HttpResponse<String> signedUp = anna.signUp("Anna Lindqvist", email.toUpperCase(), PASSWORD);

        assertThat(signedUp.statusCode()).as(signedUp.body()).isEqualTo(302);
        assertThat(PageClient.location(signedUp)).endsWith("/account");
        assertThat(anna.sessionId()).as("a new session id at sign-in").isPresent().get().isNotEqualTo(before);
        Map<String, Object> account = jdbc.queryForMap("select * from customer_account where email = ?", email);
        assertThat(account.get("display_name")).isEqualTo("Anna Lindqvist");
        assertThat((String) account.get("password_hash")).startsWith("{bcrypt}").doesNotContain(PASSWORD);
        String customerId = (String) account.get("customer_id");
        List<byte[]> payloads = jdbc.queryForList(
                "select payload from domain_event_entry where aggregate_identifier = ?", byte[].class, customerId);
        assertThat(payloads).as("the customer is registered").hasSize(1);
        String event = new String(payloads.get(0), StandardCharsets.UTF_8);
        assertThat(event).contains(customerId).doesNotContain(email).doesNotContain("Anna").doesNotContain("Lindqvist");
        assertThat(jdbc.queryForObject("select count(*) from SPRING_SESSION where PRINCIPAL_NAME = ?", Integer.class,
                email)).as("the session is kept in the shared database").isEqualTo(1);
        assertThat(anna.get("/").body()).as("the header offers to sign out").contains("id=\"sign-out\"");
    }

    /** The longest address the form accepts (254 characters) signs up and in: the session table keeps its name. */
    @Test
    void theLongestEmailTheFormAcceptsSignsUpAndIn() {
        String label = "x".repeat(61);
        String longest = UUID.randomUUID().toString().substring(0, 8) + "a".repeat(56) + "@" + label + "." + label
                + "." + label + ".org";
        assertThat(longest).hasSize(254);

        HttpResponse<String> signedUp = new PageClient(port).signUp("Anna", longest, PASSWORD);
        assertThat(signedUp.statusCode()).as(signedUp.body()).isEqualTo(302);
        assertThat(PageClient.location(signedUp)).endsWith("/account");

        PageClient anna = new PageClient(port);
        assertThat(PageClient.location(anna.signIn(longest, PASSWORD))).endsWith("/account");
        assertThat(anna.get("/account").statusCode()).isEqualTo(200);
        assertThat(count("select count(*) from SPRING_SESSION where PRINCIPAL_NAME = ?", longest)).isEqualTo(2);
    }

    @Test
    void anEmailHasOneAccountWhateverItsCase() {
        new PageClient(port).signUp("Anna", email, PASSWORD);
        int accounts = count("select count(*) from customer_account");
        int events = count("select count(*) from domain_event_entry");

        HttpResponse<String> again = new PageClient(port).signUp("Other Anna", " " + email.toUpperCase() + " ",
                "another password 123");

        assertThat(again.statusCode()).isEqualTo(422);
        assertThat(again.body()).contains("An account already uses this email address");
        assertThat(count("select count(*) from customer_account")).isEqualTo(accounts);
        assertThat(count("select count(*) from domain_event_entry")).isEqualTo(events);
    }

    @Test
    void aRefusedSignUpSaysWhyInTheVisitorsLanguageAndStoresNothing() {
        PageClient visitor = new PageClient(port);
        visitor.get("/?lang=fr");
        Map<String, List<String>> before = businessTables();

        HttpResponse<String> refused = visitor.signUp(" ", "not-an-email", "short");

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("Indiquez un nom", "Cette adresse e-mail n&#39;est pas valide",
                "10 caractères ou plus");
        assertThat(refused.body()).as("the password is never sent back").doesNotContain("value=\"short\"");
        assertThat(businessTables()).isEqualTo(before);
    }

    @Test
    void signInNeedsTheRightPasswordAndLocksTheAccountAfterFiveFailures() {
        new PageClient(port).signUp("Anna", email, PASSWORD);
        PageClient anna = new PageClient(port);
        anna.get("/sign-in");
        String before = anna.sessionId().orElseThrow();

        HttpResponse<String> signedIn = anna.signIn(email, PASSWORD);
        assertThat(PageClient.location(signedIn)).endsWith("/account");
        assertThat(anna.sessionId().orElseThrow()).as("no session fixation").isNotEqualTo(before);

        PageClient guesser = new PageClient(port);
        for (int attempt = 1; attempt <= SignInLocks.FAILURES_BEFORE_LOCK; attempt++) {
            assertThat(PageClient.location(guesser.signIn(email, "wrong guess " + attempt))).endsWith("/sign-in?error");
        }
        assertThat(PageClient.location(guesser.signIn(email, PASSWORD)))
                .as("locked: even the right password waits").endsWith("/sign-in?locked");
        assertThat(guesser.get("/sign-in?locked").body()).contains("Too many failed sign-ins on this account");
        assertThat(jdbc.queryForObject("select locked_until_us from customer_account where email = ?", Long.class,
                email)).isNotNull();
    }

    @Test
    void formsWithoutTheirCsrfTokenAreRefusedAndStoreNothing() {
        PageClient visitor = new PageClient(port);
        visitor.get("/sign-up");
        int accounts = count("select count(*) from customer_account");

        HttpResponse<String> forged = visitor.post("/sign-up", Map.of("displayName", "Mallory", "email", email,
                "password", PASSWORD));

        assertThat(forged.statusCode()).isIn(302, 401, 403);
        assertThat(PageClient.location(forged)).doesNotEndWith("/account");
        assertThat(count("select count(*) from customer_account")).isEqualTo(accounts);

        new PageClient(port).signUp("Anna", email, PASSWORD);
        PageClient anna = new PageClient(port);
        anna.signIn(email, PASSWORD);
        HttpResponse<String> signOutWithoutToken = anna.post("/sign-out", Map.of());
        assertThat(signOutWithoutToken.statusCode()).isEqualTo(403);
        assertThat(anna.get("/").body()).as("still signed in").contains("id=\"sign-out\"");
    }

    @Test
    void signingOutEndsTheSessionEverywhere() {
        new PageClient(port).signUp("Anna", email, PASSWORD);
        PageClient anna = new PageClient(port);
        anna.signIn(email, PASSWORD);
        PageClient sameCookie = new PageClient(port);
        sameCookie.useSessionOf(anna);
        anna.get("/");
        int signedIn = count("select count(*) from SPRING_SESSION where PRINCIPAL_NAME = ?", email);

        HttpResponse<String> out = anna.post("/sign-out", Map.of("_csrf", anna.csrfToken()));

        assertThat(PageClient.location(out)).endsWith("/?signed-out");
        assertThat(PageClient.location(sameCookie.get("/account"))).as("the old cookie opens nothing")
                .endsWith("/sign-in");
        assertThat(count("select count(*) from SPRING_SESSION where PRINCIPAL_NAME = ?", email))
                .as("the signed-out session is gone from the shared table").isEqualTo(signedIn - 1);
    }

    @Test
    void theOperatorSignsInOnTheSameFormAndEachRoleKeepsToItsOwnPages() {
        PageClient operator = new PageClient(port);
        assertThat(PageClient.location(operator.signIn("operator", OperatorClient.PASSWORD)))
                .endsWith("/operations");
        assertThat(operator.get("/account").statusCode()).as("the operator is not a customer").isEqualTo(403);
        assertThat(PageClient.location(new PageClient(port).signIn("operator", "wrong")))
                .endsWith("/sign-in?error");

        new PageClient(port).signUp("Anna", email, PASSWORD);
        PageClient anna = new PageClient(port);
        anna.signIn(email, PASSWORD);
        assertThat(anna.get("/operations").statusCode()).as("a customer is not the operator").isEqualTo(403);
        assertThat(anna.get("/vendor").statusCode()).as("nor a vendor").isEqualTo(403);
    }

    @Test
    void anonymousVisitorsReachOnlyThePublicPages() {
        PageClient visitor = new PageClient(port);
        for (String open : List.of("/", "/sign-in", "/sign-up", "/css/ristourne.css", "/img/favicon.svg")) {
            assertThat(visitor.get(open).statusCode()).as(open).isEqualTo(200);
        }
        for (String closed : List.of("/account", "/account/statement.csv", "/relationships", "/relationships/x",
                "/subscribe", "/anything")) {
            HttpResponse<String> answer = visitor.get(closed);
            assertThat(answer.statusCode()).as(closed).isEqualTo(302);
            assertThat(PageClient.location(answer)).as(closed).endsWith("/sign-in");
        }
    }

    // Named operators. Failed sign-ins come from a loopback address of their own (LoopbackCaller): the per-address
    // throttle they feed must not refuse 127.0.0.1, which every test of this cached context calls from.

    private record Operator(String name, String password) {
    }

    private Operator newOperator(String prefix) {
        OperatorClient first = new OperatorClient("http://127.0.0.1:" + port);
        var created = first.call("POST", "/operator/operators",
                "{\"name\":\"" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "\"}", 201);
        return new Operator(created.get("name").asString(), created.get("password").asString());
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void namedOperatorsEachSignInWithTheirOwnPasswordOnTheApiAndThePagesAndTheLogNamesThem(CapturedOutput output) {
        Operator alice = newOperator("alice");
        Operator bruno = newOperator("bruno");

        for (Operator operator : List.of(alice, bruno)) {
            var listed = new OperatorClient("http://127.0.0.1:" + port, operator.name(), operator.password())
                    .call("GET", "/operator/operators", null, 200);
            assertThat(listed.toString()).as(operator.name() + " on the API").contains(alice.name(), bruno.name());
            PageClient pages = new PageClient(port);
            assertThat(PageClient.location(pages.signIn(operator.name().toUpperCase(), operator.password())))
                    .as(operator.name() + " on the page form, whatever the case of the name").endsWith("/operations");
            assertThat(pages.get("/operations").statusCode()).isEqualTo(200);
            Map<String, Object> row = jdbc.queryForMap("select * from operator_account where name = ?",
                    operator.name());
            assertThat((String) row.get("password_hash")).startsWith("{bcrypt}").doesNotContain(operator.password());
            assertThat(row.get("created_by")).isEqualTo(OperatorClient.NAME);
        }
        LoopbackCaller elsewhere = LoopbackCaller.fresh(port);
        LoopbackCaller.Answer swapped = elsewhere.basic("GET", "/operator/operators", bruno.name(), alice.password());
        assertThat(swapped.status()).as("one operator's password is not another's").isEqualTo(401);
        assertThat(swapped.text()).contains("WWW-Authenticate: Basic");
        assertThat(new OperatorClient("http://127.0.0.1:" + port).raw("POST", "/operator/operators",
                "{\"name\":\"" + alice.name() + "\"}", OperatorClient.PASSWORD).statusCode())
                .as("a name is taken once").isEqualTo(409);
        assertThat(new OperatorClient("http://127.0.0.1:" + port).raw("POST", "/operator/operators",
                "{\"name\":\"someone@example.org\"}", OperatorClient.PASSWORD).statusCode())
                .as("a name is never an email").isEqualTo(422);

        assertThat(output.getOut()).contains("Operator operator created operator account " + alice.name())
                .contains("Operator operator: POST /operator/operators answered 201")
                .doesNotContain(alice.password()).doesNotContain(bruno.password());
    }

    @Test
    void aDisabledOperatorIsRefusedOnTheApiAndLosesTheirPageSessions() {
        Operator alice = newOperator("alice");
        Operator bruno = newOperator("bruno");
        PageClient alicePages = new PageClient(port);
        assertThat(PageClient.location(alicePages.signIn(alice.name(), alice.password()))).endsWith("/operations");
        OperatorClient asBruno = new OperatorClient("http://127.0.0.1:" + port, bruno.name(), bruno.password());

        asBruno.call("POST", "/operator/operators/" + alice.name() + "/disable", null, 204);

        LoopbackCaller elsewhere = LoopbackCaller.fresh(port);
        assertThat(elsewhere.basic("GET", "/operator/operators", alice.name(), alice.password()).status())
                .as("the API at once").isEqualTo(401);
        assertThat(PageClient.location(alicePages.get("/operations"))).as("her page session is over")
                .endsWith("/sign-in");
        assertThat(jdbc.queryForObject("select disabled from operator_account where name = ?", Boolean.class,
                alice.name())).isTrue();
        asBruno.call("GET", "/operator/operators", null, 200);
        assertThat(asBruno.raw("POST", "/operator/operators/nobody-" + UUID.randomUUID().toString().substring(0, 8)
                + "/disable", null, bruno.password()).statusCode()).isEqualTo(404);
    }

    @Test
    void failedOperatorApiSignInsLockTheAccountAfterFiveAndRefuseTheAddressAfterTwentyWith429() {
        Operator carol = newOperator("carol");
        LoopbackCaller guesser = LoopbackCaller.fresh(port);
        for (int attempt = 1; attempt <= SignInLocks.FAILURES_BEFORE_LOCK; attempt++) {
            assertThat(guesser.basic("GET", "/operator/operators", carol.name(), "guess " + attempt).status())
                    .as("guess " + attempt).isEqualTo(401);
        }
        assertThat(guesser.basic("GET", "/operator/operators", carol.name(), carol.password()).status())
                .as("locked: even the right password waits").isEqualTo(401);
        assertThat(jdbc.queryForObject("select locked_until_us from operator_account where name = ?", Long.class,
                carol.name())).isNotNull();

        // Against the locked account, failures cost no bcrypt: the lock is checked before the password.
        LoopbackCaller flooder = LoopbackCaller.fresh(port);
        for (int attempt = 1; attempt <= SignInThrottle.FAILURES_PER_WINDOW; attempt++) {
            assertThat(flooder.basic("GET", "/operator/operators", carol.name(), "guess").status())
                    .as("failure " + attempt).isEqualTo(401);
        }
        LoopbackCaller.Answer refused = flooder.basic("GET", "/operator/operators", OperatorClient.NAME,
                OperatorClient.PASSWORD);
        assertThat(refused.status()).as("past the address's limit, before any password is checked").isEqualTo(429);
        assertThat(refused.text()).contains("/problems/too-many-sign-ins");
        new OperatorClient("http://127.0.0.1:" + port).call("GET", "/operator/operators", null, 200);
        assertThat(PageClient.location(new PageClient(port).signIn(OperatorClient.NAME, OperatorClient.PASSWORD)))
                .as("other addresses sign in as before").endsWith("/operations");
    }

    private Map<String, List<String>> businessTables() {
        Map<String, List<String>> tables = DatabaseSnapshot.of(jdbc.getDataSource());
        tables.keySet().removeIf(table -> table.toUpperCase().startsWith("SPRING_SESSION")
                || table.startsWith("token_entry") || table.startsWith("scheduled_tasks"));
        return tables;
    }

    private int count(String sql, Object... arguments) {
        return jdbc.queryForObject(sql, Integer.class, arguments);
    }
}
