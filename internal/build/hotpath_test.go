package build

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/emine-dev/emine/internal/content"
	"github.com/emine-dev/emine/internal/render"
)

// The hot paths of a build, one benchmark each, on the sample directory:
// reading and checking entries, rendering an entry page and a list page,
// minifying the static assets, and indexing for search. `make bench`
// runs them; the full-build figures are bench/bench.sh's.

// loadSample loads the sample directory as a build does.
func loadSample(b *testing.B) (fstest.MapFS, *loaded) {
	b.Helper()
	src := sampleSite(b)
	l, errs := load(Config{Src: src, Today: today}, newMinifier(false), false, nil, nil)
	if errs.HasErrors() {
		b.Fatal(errs)
	}
	return src, l
}

// entryFiles counts the entry files of a source, translations included.
func entryFiles(src fstest.MapFS) int {
	n := 0
	for p := range src {
		if strings.HasPrefix(p, "content/") && strings.HasSuffix(p, ".md") {
			n++
		}
	}
	return n
}

// BenchmarkParseEntries reads, splits, parses and checks every entry of
// the sample directory, with the cross-entry rules; ns/file is the cost
// of one file.
func BenchmarkParseEntries(b *testing.B) {
	src := sampleSite(b)
	files := entryFiles(src)
	b.ResetTimer()
	for b.Loop() {
		if _, errs := content.Load(src, content.Options{Today: today}); errs.HasErrors() {
			b.Fatal(errs)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*files), "ns/file")
}

// renderPages renders, one after another, the jobs that keep says are
// pages of one kind, with the rendered cards and bodies dropped before
// every round, as each page of a build is rendered once.
func renderPages(b *testing.B, keep func(render.Job) bool) {
	_, l := loadSample(b)
	l.startIndex()
	if err := l.waitIndex(); err != nil {
		b.Fatal(err)
	}
	var jobs []render.Job
	for _, j := range l.site.Jobs() {
		if keep(j) {
			jobs = append(jobs, j)
		}
	}
	if len(jobs) == 0 {
		b.Fatal("no such page in the sample directory")
	}
	var buf bytes.Buffer
	size := 0
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		j := jobs[i%len(jobs)]
		if i%len(jobs) == 0 {
			l.site.Trim()
		}
		out, err := j.Render(&buf)
		if err != nil {
			b.Fatal(err)
		}
		size += len(out)
	}
	b.SetBytes(int64(size / b.N))
}

// BenchmarkRenderEntryPage renders the entry pages in every language: the
// body's Markdown, the facts, the related entries' cards, the templates.
func BenchmarkRenderEntryPage(b *testing.B) {
	renderPages(b, func(j render.Job) bool { return j.Entry != nil })
}

// BenchmarkRenderListPage renders the collection lists and term pages.
func BenchmarkRenderListPage(b *testing.B) {
	renderPages(b, func(j render.Job) bool { return j.Cards && strings.HasSuffix(j.Path, ".html") })
}

// BenchmarkMinify minifies the stylesheet and the scripts, as a build does
// once per asset.
func BenchmarkMinify(b *testing.B) {
	src := sampleSite(b)
	m := newMinifier(false)
	var names []string
	size := 0
	for p, f := range src {
		if name, ok := strings.CutPrefix(p, "static/"); ok && m.minifies(name) {
			names = append(names, name)
			size += len(f.Data)
		}
	}
	if len(names) == 0 {
		b.Fatal("no static file to minify")
	}
	var buf bytes.Buffer
	b.SetBytes(int64(size))
	for b.Loop() {
		for _, name := range names {
			if _, err := m.minify(name, src["static/"+name].Data, &buf); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkIndex builds the search index of the sample directory from
// scratch: the documents' text in every language, tokenized, and the
// shards written; ns/doc is the cost of one entry.
func BenchmarkIndex(b *testing.B) {
	_, l := loadSample(b)
	n, _, _ := l.site.SearchDocs(nil)
	b.ResetTimer()
	for b.Loop() {
		l.indexFiles = nil
		if err := l.index(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/doc")
}
