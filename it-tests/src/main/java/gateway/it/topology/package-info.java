/** The standard LAN / gateway / ISP / internet topology, built from namespaces and veth pairs. */
package gateway.it.topology;
