package devserver

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emine-dev/emine/internal/memlimit"
)

// BenchmarkServeEdit measures what an editor waits for on a large site:
// from saving one entry (a sentence added to its body) to the reload
// event reaching the open page, over 20 edits of different projects, then
// over 20 edits to front matter (a source's title), with the server's
// memory. EMINE_SERVE_SITE names the site folder (make bench
// passes a generated 10,000-entry corpus); the edits are undone at the end.
func BenchmarkServeEdit(b *testing.B) {
	src := os.Getenv("EMINE_SERVE_SITE")
	if src == "" {
		b.Skip("EMINE_SERVE_SITE is not set (make bench sets it)")
	}
	files, _ := filepath.Glob(filepath.Join(src, "content/projects/*.md"))
	files = slices.DeleteFunc(files, func(f string) bool { return strings.Count(filepath.Base(f), ".") > 1 })
	if len(files) == 0 {
		b.Fatalf("%s has no projects", src)
	}
	// As emine serve does.
	defer memlimit.Govern(MemoryFloor, MemoryGrowth)()
	start0 := time.Now()
	_, _, ev := start(b, src)
	b.Logf("first build and start: %s", time.Since(start0).Round(time.Millisecond))
	// timed makes 20 edits of different projects with edit, each timed from
	// the write to the reload event and undone at once (not timed), and
	// reports their median and p95 under the name given.
	timed := func(name string, offset int, edit func(old []byte, i int) []byte) {
		var took []time.Duration
		var gcs []uint64
		for i := range 20 {
			f := files[(i*7919+offset)%len(files)]
			old, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			edited := edit(slices.Clone(old), i)
			if bytes.Equal(edited, old) {
				continue
			}
			gc0 := gcCycles()
			t0 := time.Now()
			if err := os.WriteFile(f, edited, 0o644); err != nil {
				b.Fatal(err)
			}
			if e := ev.next(b); e != "reload" {
				b.Fatalf("%s %d: got %q, want reload", name, i, e)
			}
			took = append(took, time.Since(t0))
			gcs = append(gcs, gcCycles()-gc0)
			os.WriteFile(f, old, 0o644)
			ev.next(b)
		}
		if len(took) == 0 {
			b.Fatalf("%s: no file could be edited", name)
		}
		b.Logf("%sedits, in order: %v; collections during each: %v", name, took, gcs)
		slices.Sort(took)
		b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, name+"median-ms")
		b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, name+"p95-ms")
	}
	for range b.N {
		timed("", 0, func(old []byte, i int) []byte {
			return fmt.Appendf(old, "\nA sentence added by the benchmark, number %d.\n", i)
		})
		// Then edits to the front matter, as when a figure is fixed: a
		// source's title, which no list or index depends on.
		timed("front-", 1, func(old []byte, i int) []byte {
			return bytes.Replace(old, []byte("\n  - title: \""), fmt.Appendf(nil, "\n  - title: \"Checked %d: ", i), 1)
		})
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "live-heap-MB")
	b.ReportMetric(statusMB("VmRSS"), "rss-MB")
	b.ReportMetric(statusMB("VmHWM"), "peak-rss-MB")
	// Once the edits pause, the server hands back what it does not use.
	time.Sleep(IdleFree + time.Second)
	b.ReportMetric(statusMB("VmRSS"), "rss-idle-MB")
}

func gcCycles() uint64 {
	s := []metrics.Sample{{Name: "/gc/cycles/total:gc-cycles"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// statusMB reads a memory figure of this process from /proc, in MB.
func statusMB(field string) float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			return float64(kb) / 1024
		}
	}
	return 0
}
