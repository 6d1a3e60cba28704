package org.ristourne.broker.payback.vendorinvoice;

import java.util.Currency;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.api.share.PostingRecorded;
import org.ristourne.broker.api.vendorinvoice.TrackVendorReceivable;
import org.ristourne.ledger.account.Account;
import org.ristourne.ledger.account.AccountType;
import org.ristourne.ledger.money.Money;
import org.ristourne.ledger.posting.Entry;
import org.ristourne.ledger.posting.ReasonCode;
import org.springframework.stereotype.Component;

/**
 * Feeds each vendor's {@link VendorInvoicing} the postings of its sales that bear on what it owes: the vendor's
 * receivable is the ledger's truth about it. A tracking processor of its own ({@value #GROUP}), events of one vendor
 * in order; the aggregate ignores a posting it has seen, so redeliveries change nothing.
 */
@Component
@ProcessingGroup(WhenPostingRecordedThenTrackVendorReceivable.GROUP)
public class WhenPostingRecordedThenTrackVendorReceivable {

    public static final String GROUP = "vendor-invoicing";

    private final CommandGateway commands;

    public WhenPostingRecordedThenTrackVendorReceivable(CommandGateway commands) {
        this.commands = commands;
    }

    @EventHandler
    void on(PostingRecorded event) {
        ReasonCode reason = event.posting().reason();
        if (event.saleKey() == null || event.vendorId() == null || !(reason == ReasonCode.SHARES_PENDING
                || reason == ReasonCode.SHARES_CONFIRMED || reason == ReasonCode.SHARES_REFUNDED
                || reason == ReasonCode.SHARES_FUNDED)) {
            return;
        }
        VendorId vendor = new VendorId(event.vendorId());
        commands.sendAndWait(new TrackVendorReceivable(VendorInvoicing.idOf(vendor), vendor, event.saleKey(),
                event.posting().id(), reason, receivableChange(event), event.posting().postedAt()));
    }

    /** The change of the vendor's receivable (a debit-normal account), zero if the posting does not touch it. */
    static Money receivableChange(PostingRecorded event) {
        Currency currency = event.posting().entries().get(0).amount().currency();
        long change = 0;
        for (Entry entry : event.posting().entries()) {
            Account account = entry.account();
            if (account.type() == AccountType.VENDOR_SHARES_RECEIVABLE && account.owner().equals(event.vendorId())) {
                change = Math.addExact(change, account.type().normalBalance(entry.signedMinorUnits()));
            }
        }
        return Money.of(change, currency);
    }
}
