package org.ristourne.broker.see.vendorstatements;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.jspecify.annotations.Nullable;
import org.ristourne.broker.api.VendorId;
import org.ristourne.broker.api.see.GetVendorStatement;
import org.ristourne.broker.api.see.VendorStatement;
import org.ristourne.broker.vendor.users.VendorPrincipal;
import org.ristourne.broker.web.PageFormats;
import org.ristourne.ledger.money.Money;
import org.ristourne.ledger.share.ShareTerms;
import org.ristourne.ledger.share.Shares;
import org.springframework.context.MessageSource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A vendor's statement for one calendar month (in the pages' zone): per currency what its sales owe, what refunds gave
 * back, what it was invoiced and what it paid, and what it owes at the month's end, from the ledger; then each sale,
 * with the customer only as the customerRef the vendor reported it with. The vendor is always the signed-in user's.
 */
@Controller
class VendorStatementsPage {

    private static final Pattern PERIOD = Pattern.compile("\\d{4}-(0[1-9]|1[0-2])");
    private static final int PERIODS_LISTED = 12;

    /** {@code pending} and {@code confirmed}: the shares of this period's sales still standing, not yet paid. */
    public record Figures(String currency, Money owed, Money pending, Money confirmed, Money refunded, Money invoiced,
                         Money paid, Money receivable) {

        /** In the order the page shows them, each with its name for the data-figure attribute and the words. */
        public List<Figure> items() {
            return List.of(new Figure("owed", owed), new Figure("pending", pending), new Figure("confirmed", confirmed),
                    new Figure("refunded", refunded), new Figure("invoiced", invoiced), new Figure("paid", paid),
                    new Figure("receivable", receivable));
        }
    }

    public record Figure(String name, Money amount) {
    }

    public record SaleRow(String saleId, String customerRef, String date, Instant completedAt, String currency,
                          Money amount, Money refunded, Money margin, Money pool, Money poolRefunded, int shareBps,
                          String state, String stateName) {

        List<String> csvFields() {
            return List.of(saleId, customerRef, date, currency, amount.toDecimalString(), refunded.toDecimalString(),
                    margin.toDecimalString(), pool.toDecimalString(), poolRefunded.toDecimalString(), state,
                    stateName);
        }
    }

    /** The ISO dates are for the row's data attributes (paid: empty until paid). */
    public record InvoiceRow(String invoiceId, Money total, String currency, String state, String stateName,
                             Instant issuedAt, String issuedIso, Instant dueAt, String dueIso, @Nullable Instant paidAt,
                             String paidIso) {
    }

    public record PeriodLink(String value, String label, boolean selected) {
    }

    private final VendorStatementReads reads;
    private final QueryGateway queries;
    private final PageFormats formats;
    private final MessageSource messages;
    private final Clock clock;

    VendorStatementsPage(VendorStatementReads reads, QueryGateway queries, PageFormats formats,
                         MessageSource messages, Clock clock) {
        this.reads = reads;
        this.queries = queries;
        this.formats = formats;
        this.messages = messages;
        this.clock = clock;
    }

    @GetMapping("/vendor/statements")
    String statements(@AuthenticationPrincipal VendorPrincipal vendor,
                      @RequestParam(name = "period", required = false) @Nullable String period, Locale locale,
                      Model model, HttpServletResponse response) {
        YearMonth current = YearMonth.from(clock.instant().atZone(formats.zone()));
        @Nullable YearMonth selected = parse(period, current);
        if (selected == null) {
            return malformed(period, current, locale, model, response);
        }
        VendorId id = vendor.vendorId();
        List<SaleRow> rows = rows(id, selected, locale);
        List<InvoiceRow> invoices = invoices(id, selected, locale);
        model.addAttribute("period", selected.toString());
        model.addAttribute("periodLabel", label(selected, locale));
        model.addAttribute("periods", periods(current, selected, locale));
        model.addAttribute("figures", figures(id, selected, rows, invoices));
        model.addAttribute("rows", rows);
        model.addAttribute("invoices", invoices);
        return "vendor-statements";
    }

    /** The page's rows for the period, as CSV; a malformed period answers the same 400 page as the statement. */
    @GetMapping("/vendor/statements.csv")
    @Nullable String csv(@AuthenticationPrincipal VendorPrincipal vendor,
                         @RequestParam(name = "period", required = false) @Nullable String period, Locale locale,
                         Model model, HttpServletResponse response) throws IOException {
        YearMonth current = YearMonth.from(clock.instant().atZone(formats.zone()));
        @Nullable YearMonth selected = parse(period, current);
        if (selected == null) {
            return malformed(period, current, locale, model, response);
        }
        byte[] csv = StatementCsv.of(rows(vendor.vendorId(), selected, locale)).getBytes(StandardCharsets.UTF_8);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename("ristourne-statement-" + selected + ".csv").build().toString());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        response.setContentLength(csv.length);
        response.getOutputStream().write(csv);
        return null;
    }

    /** Absent or blank: this month. Anything but YYYY-MM with a month of 01 to 12: null. */
    static @Nullable YearMonth parse(@Nullable String period, YearMonth current) {
        if (period == null || period.isBlank()) {
            return current;
        }
        return PERIOD.matcher(period).matches() ? YearMonth.parse(period) : null;
    }

    private String malformed(@Nullable String period, YearMonth current, Locale locale, Model model,
                             HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
        model.addAttribute("malformedPeriod", period == null ? "" : period);
        model.addAttribute("period", current.toString());
        model.addAttribute("periods", periods(current, current, locale));
        return "vendor-statements";
    }

    private List<SaleRow> rows(VendorId vendor, YearMonth period, Locale locale) {
        ZoneId zone = formats.zone();
        return reads.sales(vendor, start(period, zone), start(period.plusMonths(1), zone)).stream().map(sale -> {
            ShareTerms terms = ShareTerms.of(sale.shareBps(), sale.brokerFeeBps());
            Money pool = Shares.split(sale.margin(), terms).pool();
            Money poolRefunded = Shares.split(Shares.refundedMargin(sale.margin(), sale.amount(), sale.refunded()),
                    terms).pool();
            String state = vendorState(sale.state());
            return new SaleRow(sale.vendorSaleId(), sale.customerRef(), formats.isoDate(sale.completedAt()),
                    sale.completedAt(), sale.amount().currency().getCurrencyCode(), sale.amount(), sale.refunded(),
                    sale.margin(), pool, poolRefunded, sale.shareBps(), state,
                    messages.getMessage("statements.state." + state, null, state, locale));
        }).toList();
    }

    /**
     * The customer's states seen from the vendor: once the vendor has paid its share, what Ristourne does with it next
     * (holds it, credits it, pays it out) is no concern of the vendor's, so those are all "paid".
     */
    static String vendorState(String customerState) {
        return switch (customerState) {
            case "PENDING", "CONFIRMED", "INVOICED", "REFUNDED" -> customerState;
            default -> "PAID";
        };
    }

    private List<InvoiceRow> invoices(VendorId vendor, YearMonth period, Locale locale) {
        ZoneId zone = formats.zone();
        return reads.invoices(vendor, start(period, zone), start(period.plusMonths(1), zone)).stream()
                .map(invoice -> new InvoiceRow(invoice.invoiceId(), invoice.total(),
                        invoice.total().currency().getCurrencyCode(), invoice.state(),
                        messages.getMessage("statements.invoice-state." + invoice.state(), null, invoice.state(),
                                locale), invoice.issuedAt(), formats.isoDate(invoice.issuedAt()), invoice.dueAt(),
                        formats.isoDate(invoice.dueAt()),
                        invoice.paidAt(), formats.isoDate(invoice.paidAt())))
                .toList();
    }

    /**
     * The ledger's figures (owed, refunded, paid, receivable at the end), the standing shares of the period's sales by
     * state, and the invoices issued in the period; one entry per currency any of them names, never summed across.
     */
    private List<Figures> figures(VendorId vendor, YearMonth period, List<SaleRow> rows, List<InvoiceRow> invoices) {
        ZoneId zone = formats.zone();
        Instant from = start(period, zone);
        Instant to = start(period.plusMonths(1), zone);
        List<VendorStatement> ledger = queries.query(new GetVendorStatement(vendor.value(), from, to),
                ResponseTypes.multipleInstancesOf(VendorStatement.class)).join();
        Map<String, Figures> byCurrency = new TreeMap<>();
        for (VendorStatement statement : ledger) {
            Currency currency = statement.sharesOwed().currency();
            byCurrency.put(currency.getCurrencyCode(), new Figures(currency.getCurrencyCode(), statement.sharesOwed(),
                    Money.zero(currency), Money.zero(currency), statement.sharesRefunded(), Money.zero(currency),
                    statement.sharesFunded(), statement.balanceAtEnd()));
        }
        for (SaleRow row : rows) {
            Figures f = byCurrency.computeIfAbsent(row.currency(), VendorStatementsPage::zero);
            Money standing = row.pool().minus(row.poolRefunded());
            if ("PENDING".equals(row.state())) {
                f = new Figures(f.currency(), f.owed(), f.pending().plus(standing), f.confirmed(), f.refunded(),
                        f.invoiced(), f.paid(), f.receivable());
            } else if ("CONFIRMED".equals(row.state()) || "INVOICED".equals(row.state())) {
                f = new Figures(f.currency(), f.owed(), f.pending(), f.confirmed().plus(standing), f.refunded(),
                        f.invoiced(), f.paid(), f.receivable());
            }
            byCurrency.put(row.currency(), f);
        }
        for (InvoiceRow invoice : invoices) {
            if (invoice.issuedAt().isBefore(from)) {
                continue;
            }
            String code = invoice.total().currency().getCurrencyCode();
            Figures f = byCurrency.computeIfAbsent(code, VendorStatementsPage::zero);
            byCurrency.put(code, new Figures(code, f.owed(), f.pending(), f.confirmed(), f.refunded(),
                    f.invoiced().plus(invoice.total()), f.paid(), f.receivable()));
        }
        return List.copyOf(byCurrency.values());
    }

    private static Figures zero(String code) {
        Money zero = Money.zero(Currency.getInstance(code));
        return new Figures(code, zero, zero, zero, zero, zero, zero, zero);
    }

    private static Instant start(YearMonth month, ZoneId zone) {
        return month.atDay(1).atStartOfDay(zone).toInstant();
    }

    /** The last twelve months, newest first, and the selected one wherever it is. */
    private static List<PeriodLink> periods(YearMonth current, YearMonth selected, Locale locale) {
        List<PeriodLink> links = new ArrayList<>();
        boolean selectedListed = false;
        for (int i = 0; i < PERIODS_LISTED; i++) {
            YearMonth month = current.minusMonths(i);
            links.add(new PeriodLink(month.toString(), label(month, locale), month.equals(selected)));
            selectedListed |= month.equals(selected);
        }
        if (!selectedListed) {
            links.add(new PeriodLink(selected.toString(), label(selected, locale), true));
            links.sort(Comparator.comparing(PeriodLink::value).reversed());
        }
        return links;
    }

    private static String label(YearMonth month, Locale locale) {
        return DateTimeFormatter.ofPattern("LLLL yyyy", locale).format(month);
    }
}
