/** Linux network-namespace primitives: namespaces, links, commands and daemons run inside them. */
package gateway.it.netns;
