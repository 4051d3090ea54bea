#!/usr/bin/env bash
# Side-by-side timings of aigov and its peers (issue 15, docs/performance.md): generates the inputs, runs each pair
# with hyperfine (Debian: apt-get install hyperfine) and prints the ratio of the minimum times next to its goal, the ratio
# of mean CPU time (user + system, steadier on a shared machine), the load average before and after, and whether the
# launcher's AppCDS archive is in use (-Xshare:on) with how many classes came from it.
#
#   benchmarks/compare.sh [--quick] [--events N] [--runs N] [--work DIR]
#
#   --events N  audit log size in events (default 1000000; --quick: 100000)
#   --runs N    timed runs per command (default 5; --quick: 3), after one warm-up run
#   --quick     smaller inputs (changes of 1000 and 5000 files, 100000 events): a smoke run, not the goal figures
#   --work DIR  where the inputs go (default: a new directory under /tmp, kept for reruns)
#
# Peers: an empty JVM start (java -Xshare:auto -cp DIR Hello) for start-up, `git diff --numstat -M` on the same commits
# for large changes, `sha256sum` of the log for audit verify (with the query side file present, as users have it, and
# without it), and a query with its side index for one without.
# aigov runs through the ./aigov launcher, as a user runs it (AppCDS archive, C1 for short commands).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
events=1000000
runs=5
sizes="5000 20000"
work=""
quick=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1; events=100000; runs=3; sizes="1000 5000" ;;
    --events) events="$2"; shift ;;
    --runs) runs="$2"; shift ;;
    --work) work="$2"; shift ;;
    *) echo "usage: $0 [--quick] [--events N] [--runs N] [--work DIR]" >&2; exit 2 ;;
  esac
  shift
done
command -v hyperfine >/dev/null || { echo "compare.sh: hyperfine is not installed (apt-get install hyperfine)" >&2; exit 2; }
[ -n "$work" ] || work=$(mktemp -d /tmp/aigov-compare.XXXXXX)
mkdir -p "$work"
aigov="$root/aigov"
bench_jar="$root/benchmarks/target/benchmarks.jar"

echo "== building (aigov through its launcher, and the benchmarks jar)" >&2
"$aigov" --version >/dev/null
if [ ! -f "$bench_jar" ] || [ -n "$(find "$root/benchmarks/src" "$root/governance-core/src" -newer "$bench_jar" -type f | head -n 1)" ]; then
  mvn -q -B -f "$root/pom.xml" -pl benchmarks -am -DskipTests package >&2
fi

echo "== inputs in $work" >&2
if [ ! -f "$work/Hello.class" ]; then
  printf 'public class Hello { public static void main(String[] a) { } }\n' >"$work/Hello.java"
  javac -d "$work" "$work/Hello.java"
fi

# A repository whose HEAD changes FILES files of BASE_FILES (all when equal): a tenth are Kubernetes manifests.
make_repo() {
  local dir="$1" files="$2" changed="$3"
  [ -d "$dir/.git" ] && return 0
  git init -q -b main "$dir"
  python3 - "$files" "$changed" <<'PY' | git -C "$dir" fast-import --quiet
import sys
files, changed = int(sys.argv[1]), int(sys.argv[2])
def path(i):
    return f"svc/mod{i // 500}/deploy-{i}.yaml" if i % 10 == 0 else f"src/pkg{i // 500}/file{i}.go"
def content(i, rev):
    if i % 10 == 0:
        return (f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-{i}\n  namespace: team-{i % 7}\n"
                f"spec:\n  replicas: {2 + rev}\n  template:\n    spec:\n      containers:\n        - name: app\n"
                f"          image: registry.example.com/app:{rev}.{i}\n")
    return "".join(f"// line {n} of file {i}\nfunc f{n}() int {{ return {n * (rev + 1)} }}\n" for n in range(20))
out = sys.stdout.buffer
def commit(rev, msg, which):
    body = []
    for i in which:
        data = content(i, rev).encode()
        body.append(b"M 100644 inline " + path(i).encode() + b"\ndata " + str(len(data)).encode() + b"\n" + data + b"\n")
    m = msg.encode()
    out.write(b"commit refs/heads/main\ncommitter Dev <dev@example.com> " + str(1700000000 + rev).encode() + b" +0000\n")
    out.write(b"data " + str(len(m)).encode() + b"\n" + m + b"\n")
    out.write(b"".join(body))
    out.write(b"\n")
commit(0, "base", range(files))
commit(1, "change", range(0, files, max(1, files // changed)) if changed < files else range(files))
PY
}
make_repo "$work/repo-one" 40 2
for n in $sizes; do make_repo "$work/repo-$n" "$n" "$n"; done
log="$work/audit-$events.jsonl"
if [ ! -f "$log" ]; then
  java -cp "$bench_jar" io.jenkins.plugins.aigovernance.benchmarks.AuditLogGenerator "$log" "$events" >&2
fi
ls -la "$log" >&2

load_before=$(uptime)
results="$work/results"
mkdir -p "$results"
# hyperfine NAME CMD...: runs the commands, keeps their minimum times in $results/NAME.json
hf() {
  local name="$1"; shift
  hyperfine -N --style basic -w 1 -r "$runs" --export-json "$results/$name.json" "$@" >&2
}
min() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(min(d["results"][int(sys.argv[2])]["times"]))' "$1" "$2"; }
# mean CPU seconds (user + system) of a command: steadier than wall time when the machine is shared
cpu() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]; print(r["user"] + r["system"])' "$1" "$2"; }

hf start "java -Xshare:auto -cp $work Hello" "$aigov --version" \
  "$aigov risk --repo $work/repo-one --base HEAD~1 --head HEAD"
for n in $sizes; do
  hf "change-$n" "git -C $work/repo-$n diff --numstat -M HEAD~1 HEAD" "$aigov risk --repo $work/repo-$n --base HEAD~1 --head HEAD"
done
# verify as users have it: with the query side file <log>.idx present, which verify compares with the log in its one pass
# (docs/audit.md); and without it (--prepare removes it before each run)
hyperfine -N --style basic -w 1 -r "$runs" --export-json "$results/verify-bare.json" --prepare true "sha256sum $log" \
  --prepare "rm -f $log.idx" "$aigov audit verify --log $log" >&2
"$aigov" audit query --log "$log" --ai --touches iam --limit 10 >/dev/null # writes the side index
hf verify "sha256sum $log" "$aigov audit verify --log $log"
"$aigov" audit verify --log "$log" | grep -q "query side file .* answer as the log does" \
  || { echo "compare.sh: audit verify did not check the query side file" >&2; exit 1; }
hf query-indexed "$aigov audit query --log $log --ai --touches iam --limit 10"
hyperfine -N --style basic -w 1 -r "$runs" --prepare "rm -f $log.idx" --export-json "$results/query-cold.json" \
  "$aigov audit query --log $log --ai --touches iam --limit 10" >&2

rss() { /usr/bin/time -f '%M' -o "$work/rss" "$@" >/dev/null 2>&1 || true; echo "$(( $(cat "$work/rss") / 1024 ))"; }

row() { # figure ours peer goal [cpu-ours cpu-peer]
  python3 - "$@" <<'PY'
import sys
fig, ours, peer, goal = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
r = ours / peer
cpu = f"  (CPU {float(sys.argv[5]) / float(sys.argv[6]):5.1f}x)" if len(sys.argv) > 6 else ""
print(f"{fig:<52} {ours:8.3f} s {peer:8.3f} s {r:6.1f}x  goal <= {goal:g}x  {'met' if r <= goal else 'NOT MET'}{cpu}")
PY
}
# AppCDS in use: with -Xshare:on a JVM that cannot map the launcher's archive stops instead of running without it
cds() {
  local lines
  if lines=$(AIGOV_JAVA_OPTS="-Xshare:on -Xlog:class+load=info:stdout" "$aigov" "$@" 2>/dev/null); then
    printf '%s\n' "$lines" | python3 -c '
import sys
src = [l.rsplit("source: ", 1)[1].strip() for l in sys.stdin if "[class,load]" in l and "source: " in l]
shared = sum(1 for s in src if s.startswith("shared objects file"))
jar = sum(1 for s in src if s.startswith("file:"))
print(f"{len(src)} classes, {shared} mapped from CDS archives, {jar} read from the jar")'
  else
    echo "the archive is NOT used (-Xshare:on refused it)"
  fi
}
echo
echo "aigov vs peers on $(nproc) cores, minimum of $runs runs ($(date -u +%Y-%m-%dT%H:%MZ), $(java -version 2>&1 | head -n 1))"
echo "load before: $load_before"
echo "load after:  $(uptime)"
printf '%-52s %10s %10s %7s\n' figure ours peer ratio
floor=$(min "$results/start.json" 0)
row "aigov --version / empty JVM start" "$(min "$results/start.json" 1)" "$floor" 2.5 "$(cpu "$results/start.json" 1)" "$(cpu "$results/start.json" 0)"
row "aigov risk, one-commit change / empty JVM" "$(min "$results/start.json" 2)" "$floor" 5 "$(cpu "$results/start.json" 2)" "$(cpu "$results/start.json" 0)"
for n in $sizes; do
  row "aigov risk, $n-file commit / git diff -M" "$(min "$results/change-$n.json" 1)" "$(min "$results/change-$n.json" 0)" 3 \
    "$(cpu "$results/change-$n.json" 1)" "$(cpu "$results/change-$n.json" 0)"
done
row "audit verify, $events events, side file / sha256sum" "$(min "$results/verify.json" 1)" "$(min "$results/verify.json" 0)" 3 \
  "$(cpu "$results/verify.json" 1)" "$(cpu "$results/verify.json" 0)"
row "audit verify, no side file / sha256sum" "$(min "$results/verify-bare.json" 1)" "$(min "$results/verify-bare.json" 0)" 3 \
  "$(cpu "$results/verify-bare.json" 1)" "$(cpu "$results/verify-bare.json" 0)"
row "audit query, no side index / with it" "$(min "$results/query-cold.json" 0)" "$(min "$results/query-indexed.json" 0)" 2
# the goal's alternative: a query without the side index builds it, so only the first query of a log pays the full scan
rm -f "$log.idx"
"$aigov" audit query --log "$log" --ai --limit 1 >/dev/null
if [ -s "$log.idx" ]; then
  echo "audit query without the side index: built it on first use ($(( $(wc -c <"$log.idx") / 1048576 )) MB), later queries read it: goal met by building the index on first use"
else
  echo "audit query without the side index: did NOT build it on first use"
fi
for n in $sizes; do
  echo "peak RSS, aigov risk of the $n-file commit: $(rss "$aigov" risk --repo "$work/repo-$n" --base HEAD~1 --head HEAD) MB"
done
echo "AppCDS, aigov --version: $(cds --version)"
echo "AppCDS, aigov risk (one-commit change): $(cds risk --repo "$work/repo-one" --base HEAD~1 --head HEAD)"
echo "inputs and hyperfine JSON: $work"
