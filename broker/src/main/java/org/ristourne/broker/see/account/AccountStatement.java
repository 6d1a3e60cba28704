package org.ristourne.broker.see.account;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.CustomerId;
import org.ristourne.broker.api.see.GetCustomerStatement;
import org.ristourne.broker.api.see.StatementLine;
import org.ristourne.broker.web.PageFormats;
import org.ristourne.ledger.money.Money;
import org.ristourne.ledger.share.ShareTerms;
import org.ristourne.ledger.share.Shares;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * A customer's sales, newest first, as the page's table and the CSV both list them: the statement's lines with the
 * vendor's name, the state's name and date in the reader's language, the sale's path and its rebate's arithmetic.
 */
@Component
class AccountStatement {

    private final QueryGateway queries;
    private final AccountReads reads;
    private final PageFormats formats;
    private final MessageSource messages;

    AccountStatement(QueryGateway queries, AccountReads reads, PageFormats formats, MessageSource messages) {
        this.queries = queries;
        this.reads = reads;
        this.formats = formats;
        this.messages = messages;
    }

    List<SaleRow> rows(CustomerId customer, Locale locale) {
        List<StatementLine> lines = new ArrayList<>(queries.query(new GetCustomerStatement(customer.value()),
                ResponseTypes.multipleInstancesOf(StatementLine.class)).join());
        lines.sort(Comparator.comparing(StatementLine::completedAt).thenComparing(StatementLine::saleKey).reversed());
        Map<String, String> vendors = reads.vendorNames(customer);
        Map<String, ShareTerms> terms = reads.saleTerms(customer);
        List<SaleRow> rows = new ArrayList<>(lines.size());
        for (StatementLine line : lines) {
            rows.add(row(line, vendors.getOrDefault(line.vendorId(), line.vendorId()), terms.get(line.saleKey()),
                    locale));
        }
        return rows;
    }

    private SaleRow row(StatementLine line, String vendor, @Nullable ShareTerms terms, Locale locale) {
        String state = line.state();
        Instant stateDate = stateDate(line);
        return new SaleRow(line.saleKey(), line.vendorId(), vendor, line.completedAt(),
                formats.isoDate(line.completedAt()), line.amount(), line.refunded(), line.rebate(), line.paid(),
                state, messages.getMessage("account.state." + state, null, state, locale),
                stateText(line, stateDate, locale), stateDate, formats.isoDate(stateDate), path(line),
                terms == null ? null : arithmetic(line, terms));
    }

    static @Nullable Instant stateDate(StatementLine line) {
        return switch (line.state()) {
            case "PENDING", "CONFIRMED" -> line.expectedConfirmation();
            case "INVOICED" -> line.invoicedAt();
            case "CREDITED" -> line.creditedAt();
            default -> null;
        };
    }

    private String stateText(StatementLine line, @Nullable Instant stateDate, Locale locale) {
        String key = "account.state-text." + line.state();
        if (line.state().equals("CREDITED") && line.creditedOnInvoice() == null) {
            key = "account.state-text.CREDITED-waiting";
        }
        Object[] arguments = {formats.relative(stateDate, locale), line.creditedOnInvoice() == null ? ""
                : line.creditedOnInvoice()};
        return messages.getMessage(key, arguments, "", locale);
    }

    /** Reported, confirmed, invoiced to the vendor, funded, then credited on an invoice or paid; or refunded. */
    static List<SaleRow.Step> path(StatementLine line) {
        String state = line.state();
        boolean refunded = state.equals("REFUNDED");
        boolean funded = List.of("PAYABLE", "CREDITED", "PAID").contains(state)
                || (refunded && line.paid().isPositive());
        boolean confirmed = !state.equals("PENDING") && (!refunded || funded || line.invoicedAt() != null);
        List<SaleRow.Step> path = new ArrayList<>();
        path.add(new SaleRow.Step("reported", true, line.completedAt(), null));
        path.add(new SaleRow.Step("confirmed", confirmed, line.expectedConfirmation(), null));
        path.add(new SaleRow.Step("invoiced", line.invoicedAt() != null || funded, line.invoicedAt(), null));
        path.add(new SaleRow.Step("funded", funded, null, null));
        if (state.equals("PAID")) {
            path.add(new SaleRow.Step("paid", true, null, null));
        } else {
            boolean onInvoice = line.creditedOnInvoice() != null;
            path.add(new SaleRow.Step(onInvoice ? "credited" : "credited-next", state.equals("CREDITED"),
                    line.creditedAt(), line.creditedOnInvoice()));
        }
        if (refunded) {
            path.add(new SaleRow.Step("refunded", true, null, null));
        }
        return path;
    }

    static SaleRow.Arithmetic arithmetic(StatementLine line, ShareTerms terms) {
        Shares full = Shares.split(line.margin(), terms);
        Money refundedMargin = line.refunded().isPositive()
                ? Shares.refundedMargin(line.margin(), line.amount(), line.refunded())
                : Money.zero(line.margin().currency());
        Money refundedRebate = Shares.split(refundedMargin, terms).customerRebate();
        return new SaleRow.Arithmetic(line.margin(), percent(terms.shareBps().value()), full.pool(),
                percent(terms.brokerFeeBps().value()), full.brokerFee(), full.customerRebate(), refundedMargin,
                refundedRebate);
    }

    /** Basis points as a percentage without trailing zeros: 2000 is "20", 1250 is "12.5". */
    static String percent(int basisPoints) {
        return BigDecimal.valueOf(basisPoints, 2).stripTrailingZeros().toPlainString();
    }
}
