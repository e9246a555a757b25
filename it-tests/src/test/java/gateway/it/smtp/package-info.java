/** The SMTP relay against a real ISP side (Postfix + Dovecot SASL, OP25B router) in namespaces. */
package gateway.it.smtp;
