package org.ristourne.broker.web;

import org.ristourne.ledger.money.Money;
import org.ristourne.ledger.share.ShareTerms;
import org.ristourne.ledger.share.Shares;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * What Ristourne is, for someone who has never heard of it, with the worked example of one sale computed by the
 * ledger's own arithmetic, so the page can never tell a split the ledger would not make.
 */
@Controller
class LandingPage {

    static final Money EXAMPLE_PRICE = Money.of(12_999, "EUR");
    static final Money EXAMPLE_MARGIN = Money.of(4_200, "EUR");
    static final ShareTerms EXAMPLE_TERMS = ShareTerms.of(2_000, 2_500);

    @GetMapping("/")
    String landing(Model model) {
        model.addAttribute("price", EXAMPLE_PRICE);
        model.addAttribute("sharePercent", EXAMPLE_TERMS.shareBps().value() / 100);
        model.addAttribute("shares", Shares.split(EXAMPLE_MARGIN, EXAMPLE_TERMS));
        return "landing";
    }
}
