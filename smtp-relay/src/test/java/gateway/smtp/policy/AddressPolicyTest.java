package gateway.smtp.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Envelope address checks (RFC 5321 4.1.2, 4.5.1, 4.5.3.1.3). */
class AddressPolicyTest {
    @Test
    void senders() {
        assertThat(AddressPolicy.sender("")).as("null reverse-path, 4.5.5").isNull();
        assertThat(AddressPolicy.sender("a@b.test")).isNull();
        assertThat(AddressPolicy.sender("nodomain")).isNotNull();
        assertThat(AddressPolicy.sender("a@")).isNotNull();
        assertThat(AddressPolicy.sender(null)).isNotNull();
        assertThat(AddressPolicy.sender("a\u0001@b.test")).isNotNull();
    }

    @Test
    void recipients() {
        assertThat(AddressPolicy.recipient("Postmaster")).as("4.5.1 postmaster without domain").isNull();
        assertThat(AddressPolicy.recipient("user@example.com")).isNull();
        assertThat(AddressPolicy.recipient("ユーザー@例え.jp")).as("SMTPUTF8 address, RFC 6531").isNull();
        assertThat(AddressPolicy.recipient("")).isNotNull();
        assertThat(AddressPolicy.recipient("@example.com")).isNotNull();
        assertThat(AddressPolicy.recipient("a".repeat(250) + "@b.test").code()).as("4.5.3.1.3").isEqualTo(501);
        assertThat(AddressPolicy.recipient("a<b@c.test")).isNotNull();
    }
}
