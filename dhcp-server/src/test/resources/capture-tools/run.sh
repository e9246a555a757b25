#!/bin/bash
set -u
P=gwcap-$$; S=$P-s; C=$P-c; OUT=$1; D=$(mktemp -d)
cleanup(){ ip netns del $S 2>/dev/null; ip netns del $C 2>/dev/null; }
trap cleanup EXIT
ip netns add $S; ip netns add $C
ip link add gws0 netns $S type veth peer name gwc0 netns $C
ip -n $S addr add 192.0.2.1/24 dev gws0; ip -n $S link set gws0 up; ip -n $S link set lo up
ip -n $C link set gwc0 up; ip -n $C link set lo up
ip -n $C link set gwc0 address 02:00:00:00:00:0a
printf '#!/bin/sh\nenv > %s/env.$reason 2>/dev/null\ncase $reason in BOUND|REBOOT) ip addr add $new_ip_address/24 dev $interface;; esac\nexit 0\n' $D > $D/script.sh; chmod +x $D/script.sh
printf '#!/bin/sh\nexit 0\n' > $D/u.sh; chmod +x $D/u.sh
printf "send host-name \"myhost\";\noption rfc3442-classless-static-routes code 121 = array of unsigned integer 8;\nrequest subnet-mask, routers, domain-name-servers, domain-name, ntp-servers, rfc3442-classless-static-routes;\n" > $D/dc.conf
# dhclient
ip netns exec $S python3 /tmp/gwcap/srv.py $OUT dhclient & SP=$!
sleep 1
timeout 15 ip netns exec $C dhclient -4 -1 -v -sf $D/script.sh -lf $D/dl.leases -pf $D/dl.pid -cf $D/dc.conf gwc0 2>&1 | tail -30
timeout 10 ip netns exec $C dhclient -4 -x -pf $D/dl.pid 2>&1 | tail -3; ip -n $C addr flush dev gwc0
timeout 15 ip netns exec $C dhclient -4 -1 -v -sf $D/script.sh -lf $D/dl.leases -pf $D/dl.pid -cf $D/dc.conf gwc0 2>&1 | tail -5
timeout 10 ip netns exec $C dhclient -4 -r -v -sf $D/script.sh -lf $D/dl.leases -pf $D/dl.pid -cf $D/dc.conf gwc0 2>&1 | tail -10
kill $SP; wait $SP 2>/dev/null
ip -n $C link set gwc0 address 02:00:00:00:00:0b
ip netns exec $S python3 /tmp/gwcap/srv.py $OUT udhcpc & SP=$!
sleep 1
timeout 15 ip netns exec $C udhcpc -i gwc0 -n -q -f -s $D/u.sh -x hostname:uhost -R 2>&1 | tail -30
sleep 1
kill $SP; wait $SP 2>/dev/null
# dhcpcd 9 with Debian's stock IPv4 options, one-shot; its compiled-in state dirs
# (/var/lib/dhcpcd, /run/dhcpcd) are bound to $D in a private mount namespace
ip -n $C link set gwc0 address 02:00:00:00:00:0c
mkdir -p $D/db $D/run/dhcpcd
printf 'duid\nvendorclassid\nnoipv4ll\noption domain_name_servers, domain_name, domain_search\noption classless_static_routes\noption interface_mtu\noption host_name\noption rapid_commit\nrequire dhcp_server_identifier\nhostname dchost\n' > $D/dcd.conf
ip netns exec $S python3 /tmp/gwcap/srv.py $OUT dhcpcd & SP=$!
sleep 1
timeout 30 ip netns exec $C unshare --mount --propagation private sh -c 'mount --bind "$1" /var/lib/dhcpcd && mount --bind "$2" /run && shift 2 && exec "$@"' \
  sh $D/db $D/run dhcpcd -4 -1 -t 20 -f $D/dcd.conf -c $D/u.sh gwc0 2>&1 | tail -5
ip -n $C addr flush dev gwc0
kill $SP; wait $SP 2>/dev/null
rm -rf $D
