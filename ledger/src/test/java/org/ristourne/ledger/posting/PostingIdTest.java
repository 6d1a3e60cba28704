package org.ristourne.ledger.posting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Posting ids are the ledger's idempotency keys, so two different business events must never name the same posting,
 * and every legal combination of the broker's ids must fit: vendor ids of up to 63 characters, sale, refund, customer
 * and payout ids of up to 128 characters drawn from {@code [A-Za-z0-9._:-]}.
 */
class PostingIdTest {

    private static final String VENDOR = "v".repeat(63);
    private static final String TOKEN = "t:".repeat(64);

    static Stream<Arguments> pairsThatAJoinWithASeparatorWouldConfuse() {
        return Stream.of(
                Arguments.of(List.of("sale", "acme/x", "refund", "r:reported"), List.of("sale", "acme/x:refund:r", "reported")),
                Arguments.of(List.of("sale", "acme/a:b", "confirmed"), List.of("sale", "acme/a", "b:confirmed")),
                Arguments.of(List.of("payout", "po|1", "paid"), List.of("payout", "po", "1|paid")),
                Arguments.of(List.of("sale", "acme/1:x", "reported"), List.of("sale", "acme/1", "x", "reported")),
                Arguments.of(List.of("a", "2:bb"), List.of("a|2:bb")));
    }

    @ParameterizedTest
    @MethodSource("pairsThatAJoinWithASeparatorWouldConfuse")
    void differentPartsNameDifferentPostings(List<String> first, List<String> second) {
        assertThat(PostingId.of(first.toArray(String[]::new)))
                .isNotEqualTo(PostingId.of(second.toArray(String[]::new)));
    }

    static Stream<List<String>> theLongestLegalIds() {
        return Stream.of(
                List.of("sale", VENDOR + "/" + TOKEN, "reported"),
                List.of("sale", VENDOR + "/" + TOKEN, "refund", TOKEN),
                List.of("payout", TOKEN, TOKEN, "paid"),
                List.of(PostingId.of("payout", TOKEN, TOKEN, "paid").value(), "failed"));
    }

    @ParameterizedTest
    @MethodSource("theLongestLegalIds")
    void theLongestLegalIdsFitAndDecodeToTheirParts(List<String> parts) {
        PostingId id = PostingId.of(parts.toArray(String[]::new));
        assertThat(id.value().length()).isLessThanOrEqualTo(PostingId.MAX_LENGTH);
        assertThat(id.parts()).isEqualTo(parts);
        assertThat(new PostingId(id.value())).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "sale:acme/ord_1:reported", "4:sale|", "4:sal", "04:sale", "4:sale||2:ab", "4:sale|x"})
    void aValueThatIsNotAnEncodingOfPartsIsRefused(String value) {
        assertThatThrownBy(() -> new PostingId(value)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "with space", "tab\there", "new\nline"})
    void aPartThatIsEmptyOrHoldsWhitespaceIsRefused(String part) {
        assertThatThrownBy(() -> PostingId.of("sale", part)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(ints = {PostingId.MAX_LENGTH + 1, 10_000})
    void anIdBeyondTheLimitIsRefusedWithItsLength(int length) {
        assertThatThrownBy(() -> PostingId.of("x".repeat(length)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most " + PostingId.MAX_LENGTH);
    }

    @org.junit.jupiter.api.Test
    void theEncodingStaysReadable() {
        assertThat(PostingId.of("sale", "acme/ord_1001", "reported").value())
                .isEqualTo("4:sale|13:acme/ord_1001|8:reported");
    }
}
