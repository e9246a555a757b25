/** Delivery status notifications (RFC 3464) for mail that failed for good or outlived the queue lifetime. */
package gateway.smtp.bounce;
