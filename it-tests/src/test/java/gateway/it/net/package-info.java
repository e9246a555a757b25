/** The gateway's netfilter and policy-routing setup ({@code gateway net}) in the gateway namespace. */
package gateway.it.net;
