/** Pure decisions: TTLs and clamps (RFC 2308), bailiwick scrubbing, rebinding, ANY (RFC 8482), payload size. */
package gateway.dns.policy;
