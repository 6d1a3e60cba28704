package org.ristourne.broker.see.operations.attention;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Where each event processor stands against the event store's head, segment by segment and whichever node holds it.
 * Read only: replays and releases are the operator API's, with their own safeguards.
 */
@Controller
class ProcessorsPage {

    private final ProcessorPositions positions;

    ProcessorsPage(ProcessorPositions positions) {
        this.positions = positions;
    }

    @GetMapping("/operations/processors")
    String show(Model model) {
        ProcessorPositions.Positions read = positions.read();
        model.addAttribute("positions", read);
        model.addAttribute("behindLimit", new Durations().text(ProcessorPositions.BEHIND));
        model.addAttribute("durations", new Durations());
        return "operations-processors";
    }
}
