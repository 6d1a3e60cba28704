package org.ristourne.broker.see.operations.attention;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.ristourne.broker.api.vendorinvoice.FindVendorInvoices;
import org.ristourne.broker.api.vendorinvoice.VendorInvoiceView;
import org.ristourne.broker.see.payouts.PayoutProjection;
import org.ristourne.broker.see.payouts.PayoutProjection.PayoutView;
import org.ristourne.broker.share.automation.ParkedBookings;
import org.ristourne.broker.share.automation.ParkedBookings.ParkedSequence;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.view.RedirectView;

/**
 * What needs a human today, in the order PAGES.md gives: parked bookings (with the operator's two answers, retry or
 * drop the first event, through the same service as {@code /actuator/parkedbookings}), failed or abandoned payouts,
 * overdue vendor invoices and processors behind by more than a minute. Each list is the operator API's own read.
 */
@Controller
class OperationsPage {

    /** More than this many of one kind is a fire: the page shows the first ones and says there are more. */
    static final int SHOWN = 100;

    /** What became of a retry or a drop, shown once after the redirect. */
    public enum Outcome {
        RETRIED_GONE, RETRIED_STILL_PARKED, DROPPED_GONE, DROPPED_STILL_PARKED, UNKNOWN_SEQUENCE
    }

    private final ParkedBookings parkedBookings;
    private final PayoutProjection payouts;
    private final QueryGateway queries;
    private final ProcessorPositions positions;

    OperationsPage(ParkedBookings parkedBookings, PayoutProjection payouts, QueryGateway queries,
                   ProcessorPositions positions) {
        this.parkedBookings = parkedBookings;
        this.payouts = payouts;
        this.queries = queries;
        this.positions = positions;
    }

    @GetMapping("/operations")
    String show(Model model) {
        List<ParkedSequence> parked = parkedBookings.sequences();
        List<PayoutView> failedPayouts = new ArrayList<>(payouts.list(PayoutProjection.State.FAILED, null, SHOWN));
        failedPayouts.addAll(payouts.list(PayoutProjection.State.ABANDONED, null, SHOWN));
        List<VendorInvoiceView> overdue = queries.query(new FindVendorInvoices("overdue"),
                ResponseTypes.multipleInstancesOf(VendorInvoiceView.class)).join();
        List<ProcessorPositions.Processor> behind = positions.read().behind();
        model.addAttribute("parked", parked);
        model.addAttribute("failedPayouts", failedPayouts);
        model.addAttribute("overdueInvoices", overdue);
        model.addAttribute("behindProcessors", behind);
        model.addAttribute("allClear", parked.isEmpty() && failedPayouts.isEmpty() && overdue.isEmpty()
                && behind.isEmpty());
        model.addAttribute("durations", new Durations());
        return "operations";
    }

    @PostMapping("/operations/parked/retry")
    View retry(@RequestParam(defaultValue = "") String sequence, RedirectAttributes redirect) {
        return act(sequence, redirect, () -> parkedBookings.retry(sequence), Outcome.RETRIED_GONE,
                Outcome.RETRIED_STILL_PARKED);
    }

    @PostMapping("/operations/parked/drop-first")
    View dropFirst(@RequestParam(defaultValue = "") String sequence, RedirectAttributes redirect) {
        return act(sequence, redirect, () -> parkedBookings.dropFirst(sequence), Outcome.DROPPED_GONE,
                Outcome.DROPPED_STILL_PARKED);
    }

    private View act(String sequence, RedirectAttributes redirect, Runnable action, Outcome gone,
                     Outcome stillParked) {
        Outcome outcome;
        try {
            action.run();
            outcome = isParked(sequence) ? stillParked : gone;
        } catch (InvalidEndpointRequestException unknown) {
            // Retried or dropped meanwhile (a second click, another operator): nothing left to do.
            outcome = Outcome.UNKNOWN_SEQUENCE;
        }
        redirect.addFlashAttribute("outcome", outcome.name());
        redirect.addFlashAttribute("outcomeSequence", sequence);
        RedirectView view = new RedirectView("/operations", true);
        view.setStatusCode(HttpStatus.SEE_OTHER);
        view.setExposeModelAttributes(false);
        return view;
    }

    private boolean isParked(String sequence) {
        return parkedBookings.sequences().stream().anyMatch(parked -> parked.sequence().equals(sequence));
    }
}
