package e2e

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

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
func BenchmarkSearch(b *testing.B) {
	dir := os.Getenv("EMINE_SEARCH_SITE")
	if dir == "" {
		b.Fatal("set EMINE_SEARCH_SITE to a built site (see make bench-search)")
	}
	base := serve(b, dir, "/")
	queries := []string{"copper balochistan", "tax holiday", "state-owned logistics", "铜", "smelter"}
	for _, q := range queries {
		b.Run(strings.ReplaceAll(q, " ", "_"), func(b *testing.B) {
			var bytesGz, requests int
			var first, warm []float64
			for range b.N {
				ctx := browser(b)
				do(b, ctx, chromedp.Navigate(base+"search/"), chromedp.WaitVisible(`#q`))
				waitFor(b, ctx, settled)
				start := time.Now()
				eval[any](b, ctx, `EMINE.query(`+jsString(q)+`)`)
				waitFor(b, ctx, settled)
				first = append(first, float64(time.Since(start).Microseconds())/1000)
				names := eval[[]string](b, ctx, `performance.getEntriesByType('resource').map(e => e.name)`)
				bytesGz, requests = 0, 0
				for _, n := range names {
					u, err := url.Parse(n)
					if err != nil || !strings.Contains(u.Path, "search") {
						continue
					}
					data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(u.Path, "/"))))
					if err != nil {
						b.Fatal(err)
					}
					bytesGz += gzipLen(data)
					requests++
					if testing.Verbose() {
						b.Logf("%s %d", u.Path, gzipLen(data))
					}
				}
				// Warm: the query typed letter by letter twice; the second pass,
				// with every file it needs loaded, is what is timed.
				for pass := range 2 {
					for i := 2; i <= len([]rune(q)); i++ {
						prefix := string([]rune(q)[:i])
						ms, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(async () => { const t = performance.now(); await EMINE.query(`+jsString(prefix)+`); return performance.now() - t; })()`, chromedp.EvalAwaitPromise))
						if err != nil {
							b.Fatal(err)
						}
						if pass == 1 {
							warm = append(warm, ms)
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
