package org.ristourne.broker.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.ristourne.support.OnH2;
import org.ristourne.support.OperatorClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** The default: no demo bean, and a started broker holds no demo vendor, account or sale. */
@OnH2
@SpringBootTest(properties = "ristourne.operator.password=" + OperatorClient.PASSWORD)
class H2DemoDataOffIntegrationTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void withoutTheSettingNothingIsSeeded() {
        assertThat(context.getBean(DemoProperties.class).enabled()).isFalse();
        assertThat(context.getBeansOfType(DemoData.class)).isEmpty();
        assertThat(context.getBeansOfType(DemoCustomerCredits.class)).isEmpty();
        assertThat(count("select count(*) from customer_account where email = ?", DemoData.EMAIL)).isZero();
        assertThat(count("select count(*) from directory_vendor where vendor_id = ?", DemoData.VENDOR.value()))
                .isZero();
        assertThat(count("select count(*) from customer_statement_line where vendor_id = ?",
                DemoData.VENDOR.value())).isZero();
    }

    private long count(String sql, Object argument) {
        return jdbc.queryForObject(sql, Long.class, argument);
    }
}
