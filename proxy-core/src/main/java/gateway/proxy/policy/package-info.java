/** Pure decisions: who may use the proxy, what is a loop, and which HTTP answer each failure gets. */
package gateway.proxy.policy;
