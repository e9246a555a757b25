/** The netfilter (nft/iptables mangle) and policy-routing setup of the transparent proxy: print, apply, revert. */
package gateway.app.net;
