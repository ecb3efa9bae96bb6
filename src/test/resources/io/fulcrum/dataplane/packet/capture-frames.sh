#!/usr/bin/env bash
# Captures a few real frames between two network namespaces joined by a veth pair (checksum offloads off, so
# the frames carry complete checksums). Only the namespaces made here are used, and they are deleted at the end.
# Needs root, iproute2, ethtool, tcpdump, curl and python3. Usage: capture-frames.sh OUT.pcap; the .hex files
# beside this script are frames of one such capture, picked by hand and written as hex 16 bytes a line.
set -euo pipefail
OUT=${1:?usage: capture-frames.sh OUT.pcap}
A=fulcrum-frames-a; B=fulcrum-frames-b
cleanup() { ip netns del $A 2>/dev/null || true; ip netns del $B 2>/dev/null || true; }
trap cleanup EXIT
ip netns add $A; ip netns add $B
ip link add fva netns $A type veth peer name fvb netns $B
for ns in $A $B; do ip -n $ns link set lo up; done
ip -n $A link set fva address 02:00:00:00:0a:01; ip -n $B link set fvb address 02:00:00:00:0b:02
ip -n $A addr add 10.99.0.1/24 dev fva; ip -n $B addr add 10.99.0.2/24 dev fvb
ip -n $A addr add fd99::1/64 dev fva nodad; ip -n $B addr add fd99::2/64 dev fvb nodad
ip netns exec $A ethtool -K fva tx off rx off tso off gso off gro off >/dev/null 2>&1 || true
ip netns exec $B ethtool -K fvb tx off rx off tso off gso off gro off >/dev/null 2>&1 || true
ip -n $A link set fva up; ip -n $B link set fvb up
sleep 1
ip netns exec $B python3 -m http.server 8080 --bind :: >/dev/null 2>&1 &
SRV=$!
ip netns exec $B python3 -c "
import socket
s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.bind(('10.99.0.2',5353)); s.settimeout(10)
try: s.recvfrom(2048)
except Exception: pass" &
UDP=$!
ip netns exec $A tcpdump -i fva -U -w "$OUT" -s 0 'not arp and not icmp6' >/dev/null 2>&1 &
DUMP=$!
sleep 2
ip netns exec $A curl -s -o /dev/null --max-time 5 http://10.99.0.2:8080/ || true
ip netns exec $A curl -s -o /dev/null --max-time 5 'http://[fd99::2]:8080/' || true
ip netns exec $A python3 -c "
import socket
s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM); s.bind(('10.99.0.1',40000)); s.sendto(b'fulcrum frame test',('10.99.0.2',5353))"
ip netns exec $A python3 -c "
import socket
s=socket.socket(socket.AF_INET6,socket.SOCK_DGRAM); s.bind(('fd99::1',40001)); s.sendto(b'fulcrum frame test v6',('fd99::2',5354))"
sleep 1
kill $DUMP $SRV $UDP 2>/dev/null || true
wait $DUMP 2>/dev/null || true
