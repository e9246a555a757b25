#!/bin/sh
# /usr/bin/gateway: the gateway's command line (run, config check, net, leases, mailq, ...).
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar /usr/lib/gateway/gateway.jar "$@"
