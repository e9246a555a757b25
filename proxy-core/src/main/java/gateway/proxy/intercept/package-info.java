/** Where a request goes: the original destination of an intercepted connection or an explicit request's target. */
package gateway.proxy.intercept;
