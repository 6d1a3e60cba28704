package org.ristourne.broker.subscribe.account;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in form; Spring Security's form login takes its POST (web.WebSecurity). */
@Controller
class SignInPage {

    @GetMapping("/sign-in")
    String form() {
        return "sign-in";
    }
}
