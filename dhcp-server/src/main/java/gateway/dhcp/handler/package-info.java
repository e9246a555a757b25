/** One request in, one outcome out: the script from decoded message over lease decisions to a reply. */
package gateway.dhcp.handler;
