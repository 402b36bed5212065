#!/bin/sh
# Benchmark `rns netns` against `ip netns` (issue 4 goals: list of 300
# named namespaces with nsids <= 60% of ip's time; add+del and exec <= 90%).
# Runs in a private mount + net namespace with a tmpfs on /run, as root:
#   unshare --mount --net --propagation private sh bench/netns.sh [RNS]
# Prints seconds per variant (best of 5 rounds, rounds interleaved) and the ratio.
set -eu
RNS=${1:-$(ls -t target/*/release/rns | head -1)}
mountpoint -q /run/netns 2>/dev/null || mount -t tmpfs rns-bench /run
now() { date +%s.%N; }
# time_of CMD...: seconds for one run of CMD
time_of() { a=$(now); "$@" >/dev/null 2>&1; b=$(now); echo "$b - $a" | bc; }
best() { # best VAR-NAME CMD...: the fastest of 5 runs
  m=""; for i in 1 2 3 4 5; do t=$(time_of "$@"); if [ -z "$m" ] || [ "$(echo "$t < $m" | bc)" = 1 ]; then m=$t; fi; done; echo "$m"
}
list_ip() { for i in $(seq 20); do ip netns list; done; }
list_rns() { for i in $(seq 20); do "$RNS" netns list; done; }
adddel_ip() { for i in $(seq 100); do ip netns add rbench; ip netns del rbench; done; }
adddel_rns() { for i in $(seq 100); do "$RNS" netns add rbench; "$RNS" netns del rbench; done; }
exec_ip() { for i in $(seq 200); do ip netns exec rb0 /bin/true; done; }
exec_rns() { for i in $(seq 200); do "$RNS" netns exec rb0 /bin/true; done; }

for i in $(seq 0 299); do "$RNS" netns add rb$i; "$RNS" netns set rb$i auto; done
"$RNS" netns list | grep -c 'id:' | sed 's/^/namespaces with nsids: /'
ip netns list > /tmp/rns-bench.ip; "$RNS" netns list > /tmp/rns-bench.rns
cmp -s /tmp/rns-bench.ip /tmp/rns-bench.rns && echo "list output identical to ip's"
for what in list adddel exec; do
  ti=$(best ${what}_ip); tr=$(best ${what}_rns)
  echo "$what: ip ${ti}s rns ${tr}s ratio $(echo "scale=3; $tr / $ti" | bc)"
done
"$RNS" netns -all del
