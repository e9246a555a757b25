/** Pure decisions about what is accepted: envelope addresses, message data framing, added headers, retries. */
package gateway.smtp.policy;
