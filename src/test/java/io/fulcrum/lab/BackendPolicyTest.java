package io.fulcrum.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BackendPolicyTest {

    private static final BackendSettings PLAIN = BackendSettings.of(List.of(BackendAddress.parse("127.0.0.1:0")));

    @Test
    void pagesForGetAndHeadAnd405ForTheRest() {
        BackendPolicy p = new BackendPolicy(PLAIN);
        assertThat(p.answer("GET", true)).isEqualTo(BackendAnswer.PAGE);
        assertThat(p.answer("HEAD", true)).isEqualTo(BackendAnswer.PAGE);
        assertThat(p.answer("POST", true)).isEqualTo(BackendAnswer.NOT_ALLOWED);
        assertThat(p.answer("get", true)).as("methods are case-sensitive").isEqualTo(BackendAnswer.NOT_ALLOWED);
        assertThat(p.answer("GET", false)).isEqualTo(BackendAnswer.BAD_REQUEST);
        assertThat(p.stats()).isEqualTo(new BackendStats(2, 0, 2, 1));
        assertThat(p.stats().total()).isEqualTo(5);
    }

    @Test
    void failAfterCountsOnlyGetAndHead() {
        BackendPolicy p = new BackendPolicy(PLAIN.withFailAfter(2, new BackendFailure.Close()));
        assertThat(List.of(p.answer("GET", true), p.answer("OPTIONS", true), p.answer("HEAD", true),
                p.answer("GET", true), p.answer("GET", true)))
                .containsExactly(BackendAnswer.PAGE, BackendAnswer.NOT_ALLOWED, BackendAnswer.PAGE,
                        BackendAnswer.FAILURE, BackendAnswer.FAILURE);
        assertThat(p.stats()).hasToString("5 requests (2 pages, 2 failures, 1 not allowed, 0 bad)");
    }

    @Test
    void failAfterZeroFailsFromTheStart() {
        BackendPolicy p = new BackendPolicy(PLAIN.withFailAfter(0, new BackendFailure.Status(503)));
        assertThat(p.answer("GET", true)).isEqualTo(BackendAnswer.FAILURE);
    }
}
