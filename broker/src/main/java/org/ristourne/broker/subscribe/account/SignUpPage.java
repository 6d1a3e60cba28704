package org.ristourne.broker.subscribe.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Sign-up, then signed in at once: a new session id (no fixation), and on to the account page. */
@Controller
class SignUpPage {

    private final SignUp signUp;
    private final CustomerSignIns signIns;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();
    private final SecurityContextHolderStrategy holder = SecurityContextHolder.getContextHolderStrategy();

    SignUpPage(SignUp signUp, CustomerSignIns signIns) {
        this.signUp = signUp;
        this.signIns = signIns;
    }

    @GetMapping("/sign-up")
    String form(Model model) {
        model.addAttribute("form", new SignUp.Form("", "", ""));
        return "sign-up";
    }

    @PostMapping("/sign-up")
    String signUp(@RequestParam(defaultValue = "") String displayName, @RequestParam(defaultValue = "") String email,
                  @RequestParam(defaultValue = "") String password, Model model, HttpServletRequest request,
                  HttpServletResponse response) {
        SignUp.Form form = new SignUp.Form(displayName, email, password);
        CustomerAccount account;
        try {
            account = signUp.signUp(form);
        } catch (SignUp.Refused refused) {
            model.addAttribute("form", new SignUp.Form(displayName, email, ""));
            model.addAttribute("refusals", refused.refusals());
            response.setStatus(422);
            return "sign-up";
        }
        CustomerPrincipal principal = signIns.principalOf(account);
        SecurityContext context = holder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(principal, null,
                principal.getAuthorities()));
        holder.setContext(context);
        request.getSession();
        request.changeSessionId();
        contexts.saveContext(context, request, response);
        return "redirect:/account";
    }
}
