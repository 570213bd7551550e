package e2e

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

func gzipLen(data []byte) int {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(data)
	zw.Close()
	return buf.Len()
}

// BenchmarkSearch measures search on a built site named by EMINE_SEARCH_SITE
// (make bench-search builds a generated corpus for it): for a first query
// from a cold browser, the bytes transferred (script, index files, result
// data; gzip -9, as a host would serve them) and the requests made, and the
// time of warm queries typed letter by letter.
// warmPasses is how many times a query is typed for the warm timings: one
// pass gives a percentile of a dozen keystrokes, which a single pause of
// the machine decides.
const warmPasses = 4

func BenchmarkSearch(b *testing.B) {
	dir := os.Getenv("EMINE_SEARCH_SITE")
	if dir == "" {
		b.Fatal("set EMINE_SEARCH_SITE to a built site (see make bench-search)")
	}
	base, reqs := serveLogged(b, dir)
	// The budgets of issue 4 that do not depend on a query.
	idx, err := os.ReadDir(filepath.Join(dir, "search", "idx"))
	if err != nil {
		b.Fatal(err)
	}
	scripts, _ := filepath.Glob(filepath.Join(dir, "search.*.js"))
	if n := len(idx) + len(scripts); n > budgetFiles {
		b.Errorf("over budget: the index and its script are %d files (budget %d)", n, budgetFiles)
	}
	for _, s := range scripts {
		data, _ := os.ReadFile(s)
		if n := gzipLen(data); n >= budgetScript {
			b.Errorf("over budget: %s is %d bytes compressed (budget %d)", filepath.Base(s), n, budgetScript)
		}
	}
	queries := []string{"copper balochistan", "tax holiday", "state-owned logistics", "铜", "smelter"}
	for _, q := range queries {
		b.Run(strings.ReplaceAll(q, " ", "_"), func(b *testing.B) {
			var bytesGz, requests int
			var first, warm []float64
			for range b.N {
				ctx := browser(b)
				reqs.take()
				do(b, ctx, chromedp.Navigate(base+"search/"), chromedp.WaitVisible(`#q`))
				waitFor(b, ctx, settled)
				// From the query to its results on screen, index files
				// fetched on the way; the address bar is written later.
				ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(async () => { const t = performance.now(); await EMINE.query(`+jsString(q)+`); return performance.now() - t; })()`, chromedp.EvalAwaitPromise))
				if err != nil {
					b.Fatal(err)
				}
				first = append(first, ms)
				waitFor(b, ctx, settled)
				kb, n := transferred(b, dir, reqs.take(), "/search.", "/search/idx/")
				bytesGz, requests = int(kb*1024), n
				// Warm: the query typed letter by letter (from the second
				// letter; a one-letter query alone), once to load every file
				// it needs, then warmPasses times timed.
				for pass := range warmPasses + 1 {
					for i := min(2, len([]rune(q))); i <= len([]rune(q)); i++ {
						prefix := string([]rune(q)[:i])
						ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(async () => { const t = performance.now(); await EMINE.query(`+jsString(prefix)+`); return performance.now() - t; })()`, chromedp.EvalAwaitPromise))
						if err != nil {
							b.Fatal(err)
						}
						if pass > 0 {
							warm = append(warm, ms)
							if testing.Verbose() {
								b.Logf("warm %q: %.1f ms", prefix, ms)
							}
						}
					}
				}
			}
			b.ReportMetric(float64(bytesGz)/1024, "KB-gz-first")
			b.ReportMetric(float64(requests), "requests-first")
			b.ReportMetric(median(first), "ms-first")
			b.ReportMetric(median(warm), "ms-warm-median")
			b.ReportMetric(percentile(warm, 95), "ms-warm-p95")
			if bytesGz > budgetFirstKB*1024 {
				b.Errorf("over budget: the first query transferred %.1f KB (budget %d KB)", float64(bytesGz)/1024, budgetFirstKB)
			}
			if p95 := percentile(warm, 95); p95 >= budgetWarmMS {
				b.Errorf("over budget: warm queries took %.1f ms at the 95th percentile (budget %d ms)", p95, budgetWarmMS)
			}
		})
	}
}

// The search budgets of issue 4, at 10,000 entries: BenchmarkSearch fails
// when one is missed (a measurement, so not in make test).
const (
	budgetFirstKB = 60       // compressed bytes of a first query, in KB
	budgetWarmMS  = 16       // a warm query at the 95th percentile, in ms
	budgetFiles   = 200      // files the search adds: index and script
	budgetScript  = 12 << 10 // the client script, compressed
)

// requestLog records the paths a test server was asked for; it counts the
// requests of web workers too, which the page's resource timing does not
// see.
type requestLog struct {
	mu    sync.Mutex
	paths []string
}

func (l *requestLog) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	p := l.paths
	l.paths = nil
	return p
}

func serveLogged(t testing.TB, dir string) (string, *requestLog) {
	t.Helper()
	log := &requestLog{}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	files := http.FileServer(http.Dir(dir))
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		log.mu.Lock()
		log.paths = append(log.paths, r.URL.Path)
		log.mu.Unlock()
		files.ServeHTTP(w, r)
	})}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String() + "/", log
}

// transferred sums the gzip -9 sizes of the logged files whose path has
// one of the prefixes: what a host compressing its files would send.
func transferred(t testing.TB, dir string, paths []string, prefixes ...string) (kb float64, requests int) {
	t.Helper()
	total := 0
	for _, p := range paths {
		keep := false
		for _, pre := range prefixes {
			keep = keep || strings.HasPrefix(p, pre)
		}
		if !keep {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(p, "/"))))
		if err != nil {
			t.Fatal(err)
		}
		total += gzipLen(data)
		requests++
		if testing.Verbose() {
			t.Logf("%s %d", p, gzipLen(data))
		}
	}
	return float64(total) / 1024, requests
}

func jsString(s string) string { return fmt.Sprintf("%q", s) }

func median(xs []float64) float64 { return percentile(xs, 50) }

func percentile(xs []float64, p int) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[min(len(s)-1, len(s)*p/100)]
}

// BenchmarkPagefind measures Pagefind on the same corpus for comparison:
// EMINE_PAGEFIND_SITE names a Hugo build indexed by Pagefind (make bench
// writes one). A first query from a cold browser loads pagefind.js, runs the
// search and loads the data of the first ten results, as Pagefind's UI
// does; the bytes are the gzip -9 sizes of everything under /pagefind/.
func BenchmarkPagefind(b *testing.B) {
	dir := os.Getenv("EMINE_PAGEFIND_SITE")
	if dir == "" {
		b.Fatal("set EMINE_PAGEFIND_SITE to a Hugo site indexed by Pagefind")
	}
	base, reqs := serveLogged(b, dir)
	for _, q := range []string{"copper balochistan", "tax holiday", "state-owned logistics", "smelter"} {
		b.Run(strings.ReplaceAll(q, " ", "_"), func(b *testing.B) {
			var bytesGz, requests int
			var first, warm []float64
			for range b.N {
				ctx := browser(b)
				reqs.take()
				do(b, ctx, chromedp.Navigate(base))
				ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(async () => {
					const t = performance.now();
					window.pf = await import('/pagefind/pagefind.js');
					const r = await pf.search(`+jsString(q)+`);
					await Promise.all(r.results.slice(0, 10).map(x => x.data()));
					return performance.now() - t; })()`, chromedp.EvalAwaitPromise))
				if err != nil {
					b.Fatal(err)
				}
				first = append(first, ms)
				kb, n := transferred(b, dir, reqs.take(), "/pagefind/")
				bytesGz, requests = int(kb*1024), n
				for pass := range warmPasses + 1 {
					for i := 2; i <= len([]rune(q)); i++ {
						ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(async () => { const t = performance.now(); const r = await pf.search(`+jsString(string([]rune(q)[:i]))+`); await Promise.all(r.results.slice(0, 10).map(x => x.data())); return performance.now() - t; })()`, chromedp.EvalAwaitPromise))
						if err != nil {
							b.Fatal(err)
						}
						if pass > 0 {
							warm = append(warm, ms)
							if testing.Verbose() {
								b.Logf("warm %q: %.1f ms", string([]rune(q)[:i]), ms)
							}
						}
					}
				}
			}
			b.ReportMetric(float64(bytesGz)/1024, "KB-gz-first")
			b.ReportMetric(float64(requests), "requests-first")
			b.ReportMetric(median(first), "ms-first")
			b.ReportMetric(median(warm), "ms-warm-median")
			b.ReportMetric(percentile(warm, 95), "ms-warm-p95")
		})
	}
}
