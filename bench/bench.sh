#!/usr/bin/env bash
# bench.sh: full-build benchmark of emine against Hugo and Hugo+Pagefind on
# the same generated corpora. Run it through `make bench`.
#
# For each size it generates a corpus with cmd/emine-corpus (-hugo, so Hugo
# renders the same content: hugo.toml in English and Chinese where an entry
# has a translation, as Hugo does by itself, and hugo-trees.toml with every
# entry in all three languages, the set of pages emine renders), then times RUNS
# full builds of each tool from an
# empty output folder with /usr/bin/time, the tools taking turns, and prints
# one Markdown table of the medians, then the serve rebuild figures and the
# hot-path Go benchmarks. Hugo and Pagefind are installed when missing (apt-get, npm);
# a row that cannot run says why.
#
# Environment:
#   BENCH_100K=1     also run 100,000 entries
#   BENCH_SIZES="…"  the sizes to run instead (default "1000 10000")
#   BENCH_RUNS=N     builds per tool and size (default 5; the median is shown)
#   BENCH_SEED=N     corpus seed (default 1)
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT=$ROOT/bench/out
LOGS=$OUT/logs
RUNS=${BENCH_RUNS:-5}
SEED=${BENCH_SEED:-1}
SIZES=${BENCH_SIZES:-"1000 10000"}
if [[ "${BENCH_100K:-}" == 1 && -z "${BENCH_SIZES:-}" ]]; then
	SIZES="$SIZES 100000"
fi
PAGEFIND_VERSION=1.6.0
PAGEFIND=$OUT/node_modules/.bin/pagefind
mkdir -p "$OUT" "$LOGS"

say() { printf '%s\n' "$*" >&2; }

# apt_install PKG: installs a Debian package when apt-get can (root only).
apt_install() {
	command -v apt-get >/dev/null || return 1
	[[ $(id -u) == 0 ]] || return 1
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >"$LOGS/apt-$1.log" 2>&1 ||
		{ apt-get update -qq >>"$LOGS/apt-$1.log" 2>&1 &&
			DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >>"$LOGS/apt-$1.log" 2>&1; }
}

if [[ ! -x /usr/bin/time ]]; then
	say "installing GNU time"
	apt_install time || { say "bench: /usr/bin/time is missing and could not be installed"; exit 1; }
fi

say "building bin/emine and bin/emine-corpus"
go build -o bin/emine ./cmd/emine
go build -o bin/emine-corpus ./cmd/emine-corpus

HUGO_SKIP=""
if ! command -v hugo >/dev/null; then
	say "installing hugo (apt-get)"
	apt_install hugo || HUGO_SKIP="hugo is not installed and apt-get install hugo failed"
fi
PAGEFIND_SKIP=""
if [[ -n "$HUGO_SKIP" ]]; then
	PAGEFIND_SKIP="needs Hugo's output; $HUGO_SKIP"
elif [[ ! -x "$PAGEFIND" ]]; then
	if command -v npm >/dev/null; then
		say "installing pagefind@$PAGEFIND_VERSION (npm) into bench/out"
		npm install --prefix "$OUT" --no-audit --no-fund "pagefind@$PAGEFIND_VERSION" >"$LOGS/npm-pagefind.log" 2>&1 ||
			PAGEFIND_SKIP="npm install pagefind@$PAGEFIND_VERSION failed (see bench/out/logs/npm-pagefind.log)"
	else
		PAGEFIND_SKIP="npm is not installed"
	fi
	[[ -n "$PAGEFIND_SKIP" || -x "$PAGEFIND" ]] || PAGEFIND_SKIP="pagefind did not install a binary"
fi

# median prints the middle value of its arguments (numbers).
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }

# Samples per tool ("emine-1000", …): wall and CPU seconds, peak RSS in KB.
declare -A WALLS CPUS RSS FAILED

# run_once NAME DIR CMD...: one timed build of CMD into an empty DIR,
# recorded under NAME; a failed build marks NAME failed and is not retried.
run_once() {
	local name=$1 dir=$2 t
	shift 2
	[[ -z "${FAILED[$name]:-}" ]] || return 0
	rm -rf "$dir"
	if ! /usr/bin/time -f '%e %U %S %M' -o "$LOGS/$name.time" "$@" >"$LOGS/$name.log" 2>&1; then
		FAILED[$name]="the build failed (see bench/out/logs/$name.log)"
		say "  $name: ${FAILED[$name]}"
		return 0
	fi
	read -r -a t <"$LOGS/$name.time"
	WALLS[$name]+=" ${t[0]}"
	CPUS[$name]+=" $(awk -v u="${t[1]}" -v s="${t[2]}" 'BEGIN {printf "%.2f", u + s}')"
	RSS[$name]+=" ${t[3]}"
	say "  $name: ${t[0]} s wall, $(awk -v u="${t[1]}" -v s="${t[2]}" 'BEGIN {printf "%.2f", u + s}') s CPU, $((t[3] / 1024)) MB"
}

skipped() { echo "skipped: $1 | – | – | – | – | – | –"; }

# wall_of NAME: the median wall time of NAME, or 0 when it failed.
wall_of() {
	if [[ -n "${FAILED[$1]:-}" || -z "${WALLS[$1]:-}" ]]; then
		echo 0
		return
	fi
	# shellcheck disable=SC2086 # the samples are space-separated numbers
	median ${WALLS[$1]}
}

# cells NAME DIR: the table cells of NAME's medians and of the output its
# last build left in DIR.
cells() {
	local name=$1 dir=$2 wall cpu mb pages files bytes
	if [[ -n "${FAILED[$name]:-}" ]]; then
		skipped "${FAILED[$name]}"
		return
	fi
	wall=$(wall_of "$name")
	# shellcheck disable=SC2086
	cpu=$(median ${CPUS[$name]})
	# shellcheck disable=SC2086
	mb=$(($(median ${RSS[$name]}) / 1024))
	# Pages, not redirects: Hugo writes a stub that only redirects for
	# each list's /page/1/.
	pages=$(find "$dir" -type f -name '*.html' -print0 | xargs -0 -r grep -L -E 'http-equiv="?refresh' | wc -l)
	files=$(find "$dir" -type f | wc -l)
	bytes=$(find "$dir" -type f -printf '%s\n' | awk '{s += $1} END {printf "%.1f", s / 1e6}')
	awk -v w="$wall" -v c="$cpu" -v m="$mb" -v p="$pages" -v f="$files" -v b="$bytes" \
		'BEGIN {printf "%.2f | %.2f | %d | %d | %d | %d | %s\n", w, c, m, (w > 0 ? p / w : 0), p, f, b}'
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a > 0 && b > 0) printf "%.2f×", a / b; else print "–"}'; }

# The tools take turns, one build each per round, so that load from
# anything else on the machine falls on all of them alike.
# hugo_edits runs hugo server on a corpus, makes the 20 edits of
# BenchmarkServeEdit one at a time, and prints median and p95 of Hugo's
# reported rebuild time, its resident memory after the edits, and its peak.
hugo_edits() {
	local corpus=$1 n=$2 log=$OUT/logs/hugo-server-$2.log port=13931
	# Hugo 0.111 renders to memory by default when serving.
	hugo server -s "$corpus" -p $port --bind 127.0.0.1 >"$log" 2>&1 &
	local pid=$! i f times=()
	for ((i = 0; i < 600; i++)); do
		grep -q 'Web Server is available' "$log" && break
		if ! kill -0 $pid 2>/dev/null; then
			printf 'skipped: hugo server failed (%s) | – | – | – | – | – | –' "$(head -1 "$log")"
			return
		fi
		sleep 1
	done
	mapfile -t files < <(find "$corpus/content/projects" -name '*.md' ! -name '*.*.md' | sort)
	for ((i = 0; i < 20; i++)); do
		f=${files[$(((i * 7919) % ${#files[@]}))]}
		cp "$f" "$f.orig"
		local before=$(grep -c 'Total in' "$log")
		printf '\nA sentence added by the benchmark, number %d.\n' "$i" >>"$f"
		for ((w = 0; w < 600; w++)); do (($(grep -c 'Total in' "$log") > before)) && break; sleep 0.05; done
		times+=("$(grep 'Total in' "$log" | tail -1 | grep -o 'Total in [0-9.]* ms' | awk '{print $3}')")
		before=$(grep -c 'Total in' "$log")
		mv "$f.orig" "$f"
		for ((w = 0; w < 600; w++)); do (($(grep -c 'Total in' "$log") > before)) && break; sleep 0.05; done
	done
	local rss hwm idle
	rss=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' /proc/$pid/status)
	hwm=$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' /proc/$pid/status)
	sleep 2
	idle=$(awk '/VmRSS/ {printf "%.0f", $2 / 1024}' /proc/$pid/status)
	kill $pid; wait $pid 2>/dev/null || true
	printf '%s\n' "${times[@]}" | sort -g | awk -v r="$rss" -v h="$hwm" -v i="$idle" '{v[NR] = $1} END {printf "%s | %s | – | – | %s | %s | %s", v[int((NR + 1) / 2)], v[int(NR * 0.95 + 0.999)], r, i, h}'
}

EDITS=()
TABLE=()
for n in $SIZES; do
	corpus=$OUT/corpus-$n
	say "generating $n entries into bench/out/corpus-$n"
	rm -rf "$corpus"
	bin/emine-corpus -n "$n" -seed "$SEED" -hugo -out "$corpus" >/dev/null

	for ((i = 1; i <= RUNS; i++)); do
		say "round $i of $RUNS, $n entries"
		run_once "emine-$n" "$OUT/emine-$n" bin/emine build -src "$corpus" -out "$OUT/emine-$n"
		[[ -n "$HUGO_SKIP" ]] ||
			run_once "hugo-$n" "$OUT/hugo-$n" hugo --minify --quiet -s "$corpus" -d "$OUT/hugo-$n"
		# The set of pages emine renders: every entry in all three languages.
		[[ -n "$HUGO_SKIP" ]] ||
			run_once "hugo-trees-$n" "$OUT/hugo-trees-$n" hugo --minify --quiet -s "$corpus" --config hugo-trees.toml -d "$OUT/hugo-trees-$n"
		[[ -n "$PAGEFIND_SKIP" ]] ||
			run_once "hugo-pagefind-$n" "$OUT/hugo-pagefind-$n" sh -c \
				'hugo --minify --quiet -s "$1" -d "$2" && "$3" --site "$2"' sh "$corpus" "$OUT/hugo-pagefind-$n" "$PAGEFIND"
	done

	# Rebuild after an edit: emine serve, from saving one entry to the
	# reload event, 20 edits (BenchmarkServeEdit); Hugo's server, its own
	# "Total in N ms" per rebuild, for the same 20 edits.
	say "emine serve: 20 edits, $n entries"
	serve_out=$(EMINE_SERVE_SITE="$(cd "$corpus" && pwd)" go test -run=- -bench=BenchmarkServeEdit -benchtime=1x -timeout 60m ./internal/devserver 2>&1 | tee "$OUT/logs/serve-$n.log" | grep '^BenchmarkServeEdit' || true)
	metric() { printf '%s\n' "$serve_out" | awk -v m="$1" '{for (i = 2; i <= NF; i++) if ($i == m) print $(i-1)}'; }
	EDITS+=("| $n | emine serve | $(metric median-ms) | $(metric p95-ms) | $(metric front-median-ms) | $(metric front-p95-ms) | $(metric rss-MB) | $(metric rss-idle-MB) | $(metric peak-rss-MB) |")
	if [[ -z "$HUGO_SKIP" ]]; then
		say "hugo server: 20 edits, $n entries"
		EDITS+=("| $n | hugo server | $(hugo_edits "$corpus" "$n") |")
	fi

	TABLE+=("| $n | emine | $(cells "emine-$n" "$OUT/emine-$n") | – |")
	emine_wall=$(wall_of "emine-$n")
	if [[ -n "$HUGO_SKIP" ]]; then
		TABLE+=("| $n | Hugo | $(skipped "$HUGO_SKIP") | – |")
		TABLE+=("| $n | Hugo, three trees | $(skipped "$HUGO_SKIP") | – |")
	else
		TABLE+=("| $n | Hugo | $(cells "hugo-$n" "$OUT/hugo-$n") | $(ratio "$(wall_of "hugo-$n")" "$emine_wall") |")
		TABLE+=("| $n | Hugo, three trees | $(cells "hugo-trees-$n" "$OUT/hugo-trees-$n") | $(ratio "$(wall_of "hugo-trees-$n")" "$emine_wall") |")
	fi
	if [[ -n "$PAGEFIND_SKIP" ]]; then
		TABLE+=("| $n | Hugo+Pagefind | $(skipped "$PAGEFIND_SKIP") | – |")
	else
		TABLE+=("| $n | Hugo+Pagefind | $(cells "hugo-pagefind-$n" "$OUT/hugo-pagefind-$n") | $(ratio "$(wall_of "hugo-pagefind-$n")" "$emine_wall") |")
	fi
done

# The hot paths one by one (Go benchmarks on the sample directory).
say "hot paths: go test -bench ./internal/build"
HOT=$(go test -run=- -bench='ParseEntries|RenderEntryPage|RenderListPage|Minify|Index' -benchtime=2s ./internal/build 2>&1 | tee "$LOGS/hotpaths.log" | grep '^Benchmark' || true)

hugo_version=$(hugo version 2>/dev/null | awk '{print $2}' || true)
pagefind_version=$([[ -x "$PAGEFIND" ]] && "$PAGEFIND" --version 2>/dev/null || true)
echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo); $(go version | awk '{print $3}'); Hugo ${hugo_version:-none}; ${pagefind_version:-Pagefind none}"
echo "Date: $(date -u +%Y-%m-%d); median of $RUNS runs each; corpus seed $SEED"
echo
echo "| entries | tool | wall (s) | CPU (s) | peak RSS (MB) | pages/s | HTML pages | files | output (MB) | tool time / emine time |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${TABLE[@]}"
echo
echo "Rebuild after editing one entry, 20 edits each: a sentence added to a project's body, then a"
echo "source's title changed in its front matter (Hugo's server gets the body edits only):"
echo
echo "| entries | server | body: median (ms) | body: p95 (ms) | front matter: median (ms) | front matter: p95 (ms) | RSS after (MB) | RSS idle (MB) | peak RSS (MB) |"
echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|"
printf '%s\n' "${EDITS[@]}"
echo
echo "Hot paths on the sample directory (go test -run=- -bench=. ./internal/build):"
echo
echo '```'
printf '%s\n' "$HOT"
echo '```'
