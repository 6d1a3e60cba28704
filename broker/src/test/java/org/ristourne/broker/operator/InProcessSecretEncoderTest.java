package org.ristourne.broker.operator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InProcessSecretEncoderTest {

    private final InProcessSecretEncoder encoder = new InProcessSecretEncoder();

    @Test
    void theRightPasswordMatchesAndNoOtherDoes() {
        String encoded = encoder.encode("correct horse battery staple");
        assertThat(encoder.matches("correct horse battery staple", encoded)).isTrue();
        assertThat(encoder.matches("correct horse battery stapler", encoded)).isFalse();
        assertThat(encoder.matches("", encoded)).isFalse();
        assertThat(encoder.matches(null, encoded)).isFalse();
    }

    @Test
    void thePlainTextIsNotWhatIsKept() {
        assertThat(encoder.encode("s3cret")).doesNotContain("s3cret").hasSize(64);
    }
}
