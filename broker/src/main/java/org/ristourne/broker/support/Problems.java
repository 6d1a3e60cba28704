package org.ristourne.broker.support;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** RFC 9457 answers with a stable type per refusal, {@code /problems/<code>}, the same across all of the broker's APIs. */
public final class Problems {

    public static final String TYPE_BASE = "/problems/";

    private Problems() {
    }

    public static ResponseEntity<ProblemDetail> response(HttpStatus status, String code, String detail,
                                                         HttpHeaders headers) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + code));
        problem.setTitle(status.getReasonPhrase());
        return ResponseEntity.status(status).headers(headers).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    public static ResponseEntity<ProblemDetail> response(HttpStatus status, String code, String detail) {
        return response(status, code, detail, new HttpHeaders());
    }

    /** The same document as a map, for actuator endpoints, which answer maps; callers may add their own members. */
    public static Map<String, Object> document(HttpStatus status, String code, String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", TYPE_BASE + code);
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        return problem;
    }
}
