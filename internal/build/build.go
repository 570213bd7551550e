// Package build runs the stages of a site build in order: load and check the
// content, parse the templates, publish static assets, render every page on
// all cores with minification, and swap the finished folder into place.
//
// The output is written to a temporary folder beside the destination and
// exchanged with it in one rename at the end, so a failed or killed build
// never touches the published site. The build knows nothing of watching or
// serving.
package build

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emine-dev/emine/internal/content"
	"github.com/emine-dev/emine/internal/entry"
	"github.com/emine-dev/emine/internal/markdown"
	"github.com/emine-dev/emine/internal/render"
	"github.com/emine-dev/emine/internal/search"
)

// Config says what to build and where. Src is required; the zero value of
// every other field works.
type Config struct {
	// Src is the site source: content/, data/, templates/, static/.
	Src fs.FS
	// SrcDir is Src's folder on disk, when it has one; the output folder
	// may not be it or contain it.
	SrcDir string
	// Out is the output folder; empty means "public".
	Out string
	// BaseURL overrides base_url of data/site.yaml.
	BaseURL string
	// Drafts publishes entries marked draft.
	Drafts bool
	// Portable writes links that also work opened from disk.
	Portable bool
	// Today is the date used for "updated is not in the future" and
	// expired incentives; zero means the current date.
	Today entry.Date
	// NoMinify leaves HTML, CSS, JS, XML and JSON as rendered.
	NoMinify bool
}

// Result describes a finished build.
type Result struct {
	Files    int
	Pages    int
	Bytes    int64
	Warnings entry.ErrorList
	Duration time.Duration
	// Stages records how long each stage took, in order.
	Stages []Stage
	// Rendered, Written and Removed count the jobs run, the files written
	// and the files removed; a full build renders and writes every file,
	// a rebuild by a Builder only what changed.
	Rendered, Written, Removed int
	// Full is set when every file was rendered (a first build, or a
	// change to templates, data, static files or the set of entries).
	Full bool
	// InPlace is set when the change was made on the entries the last
	// build loaded, without loading the site again (see Builder.inPlace);
	// CardsKept, when it also left every card as it was (a body, a
	// figure, a source), so that no list, feed or sitemap was compared.
	InPlace, CardsKept bool
	// Later counts the files still being finished when Build returned
	// (see Builder.DeferAbove).
	Later int
}

// Stage is the name and duration of one stage of a build.
type Stage struct {
	Name     string
	Duration time.Duration
}

func (r *Result) lap(name string, since *time.Time) {
	now := time.Now()
	r.Stages = append(r.Stages, Stage{name, now.Sub(*since)})
	*since = now
}

func (c *Config) today() entry.Date {
	if c.Today.IsZero() {
		return entry.FromTime(time.Now())
	}
	return c.Today
}

// MemoryFloor is the least memory limit `emine build` sets (see
// memlimit.Govern). At 10,000 entries a build holds 150 to 200 MB of live
// heap at its peak, and the collector's usual rule (GOGC=100) lets the
// process reach 380 to 410 MB; held to 300 MiB it peaks near 317 MB, for
// about 8% more time spent collecting (docs/performance.md). A small
// site, whose live heap stays under half of it, is left to the usual rule.
const MemoryFloor = 300 << 20

// MemoryGrowth is the share of its live heap a build may grow by above
// the floor. Three quarters, not serve's quarter. The collector runs once
// per headroom's worth of allocation, and a run costs the pointers it
// follows: pointer-free memory in the live heap widened the headroom for
// nothing. A one-shot build now holds little of it (its bodies are left in
// their files, its postings encoded as bytes), so it needs a larger share:
// at 100,000 entries (about 0.9 GB live) a half collected 300 times for
// 34% of the CPU, three quarters 177 times for 22%, peaking at 1.84 GB
// (docs/performance.md, "Seventh session").
const MemoryGrowth = 0.75

type loaded struct {
	dir    *entry.Directory
	site   *render.Site
	assets []asset
	// searchCache, when set, keeps document terms for the next build.
	searchCache *search.Cache
	// stages times the steps of load.
	stages []Stage
	// indexFiles are the search index's files, joined to assets by
	// waitIndex.
	indexFiles []asset
	// indexing runs index once; indexed holds its result.
	indexing sync.Once
	done     chan struct{}
	indexErr error
}

// startIndex starts building the search index, once.
func (l *loaded) startIndex() {
	l.indexing.Do(func() {
		l.done = make(chan struct{})
		go func() {
			l.indexErr = l.index()
			close(l.done)
		}()
	})
}

// waitIndex waits for the index started by startIndex and adds its files
// to the assets.
func (l *loaded) waitIndex() error {
	l.startIndex()
	<-l.done
	l.assets = append(l.assets, l.indexFiles...)
	l.indexFiles = nil
	return l.indexErr
}

// load reads and checks the source and prepares the site. It stops at
// content errors unless keepGoing is set (for check, which goes on to
// report broken links too).
// The cache and memo, when given, keep work for the next load.
func load(cfg Config, m *minifier, keepGoing bool, cache *content.Cache, memo *render.Memo) (*loaded, entry.ErrorList) {
	var r Result
	t := time.Now()
	// A load that keeps nothing for the next (a one-shot build) leaves the
	// bodies in their files, to be read again when they are rendered and
	// indexed: they are a quarter of the heap at its peak.
	dir, errs := content.Load(cfg.Src, content.Options{Drafts: cfg.Drafts, Today: cfg.today(), Cache: cache,
		LeaveBodies: cache == nil})
	r.lap("read and check content", &t)
	if errs.HasErrors() && !keepGoing {
		return nil, errs
	}
	tmpl, err := render.ParseTemplates(cfg.Src, m.templates())
	if err != nil {
		errs.Add(entry.Pos{File: "templates"}, "template", err.Error(), "")
		return nil, errs
	}
	assets, aerrs := publishStatic(cfg.Src, m)
	errs.Append(aerrs)
	if errs.HasErrors() && !keepGoing {
		return nil, errs
	}
	names := map[string]string{}
	for _, a := range assets {
		names[a.src] = a.out
	}
	r.lap("templates and static", &t)
	site := render.NewSite(dir, tmpl, markdown.New(), render.Options{
		BaseURL: cfg.BaseURL, Portable: cfg.Portable, Today: cfg.today(), Assets: names, Memo: memo,
	})
	r.lap("prepare site", &t)
	return &loaded{dir: dir, site: site, assets: assets, stages: r.Stages}, errs
}

// index builds the search index and hands it to the site; its files are
// published like static assets.
func (l *loaded) index() error {
	var known func(uint64) bool
	if l.searchCache != nil {
		known = l.searchCache.Has
	}
	n, next, failed := l.site.SearchDocs(known)
	opt := l.site.SearchOptions()
	opt.Cache = l.searchCache
	idx, err := search.Build(n, next, opt)
	if err != nil {
		return err
	}
	if err := failed(); err != nil {
		return err
	}
	l.site.SetSearch(idx)
	for _, f := range idx.Files {
		l.indexFiles = append(l.indexFiles, asset{src: "(search index) " + f.Name, out: f.Name, data: f.Data})
	}
	return nil
}

// Check loads the source and applies every rule, Markdown links included,
// without writing anything. It is what `emine check` runs.
func Check(cfg Config) entry.ErrorList {
	l, errs := load(cfg, newMinifier(true), true, nil, nil)
	if l != nil {
		errs.Append(l.site.CheckBodies())
	}
	errs.Sort()
	return errs
}

// Build loads, checks and renders the site into cfg.Out. On any error
// nothing is published and the previous output is left as it was; the
// error is an entry.ErrorList when the content is at fault.
func Build(ctx context.Context, cfg Config) (*Result, error) {
	b := NewBuilder(cfg)
	b.once = true
	return b.Build(ctx, nil)
}

// checkPaths proves every output path is local and written by one source.
func checkPaths(jobs []render.Job, assets []asset) error {
	owner := map[string]string{}
	claim := func(p, by string) error {
		if !fs.ValidPath(p) || p == "." || path.Clean(p) != p || strings.ContainsAny(p, `\:`) {
			return fmt.Errorf("output path %q (from %s) is not a local path", p, by)
		}
		if prev, ok := owner[p]; ok {
			return fmt.Errorf("%s and %s would both write %s", prev, by, p)
		}
		owner[p] = by
		return nil
	}
	for _, j := range jobs {
		if err := claim(j.Path, "page "+j.Path); err != nil {
			return err
		}
	}
	for _, a := range assets {
		by := "static/" + a.src
		if strings.HasPrefix(a.src, "(") {
			by = a.src
		}
		if err := claim(a.out, by); err != nil {
			return err
		}
	}
	return nil
}

// largeOutput is the size above which renderEach does not reuse the
// buffer a file was rendered into: its write function may keep the bytes
// of such a file without copying them.
const largeOutput = 4 << 20

// renderEach runs the jobs on every core, minifies each result and hands
// it to write; when stream is set, a job that streams (render.Job.Stream)
// is handed to it instead, to write its file itself. Content errors
// (refused links) are collected; anything else stops.
func renderEach(ctx context.Context, jobs []render.Job, m *minifier, res *Result, write func(render.Job, []byte) error, stream func(render.Job) (int64, error)) (entry.ErrorList, error) {
	var (
		mu     sync.Mutex
		errs   entry.ErrorList
		fatal  error
		next   atomic.Int64
		files  atomic.Int64
		pages  atomic.Int64
		nbytes atomic.Int64
		wg     sync.WaitGroup
	)
	fail := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		var list entry.ErrorList
		if errors.As(err, &list) {
			errs.Append(list)
			return
		}
		if fatal == nil {
			fatal = err
		}
	}
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var buf, min bytes.Buffer
			for {
				i := int(next.Add(1) - 1)
				if i >= len(jobs) || ctx.Err() != nil {
					return
				}
				j := jobs[i]
				if j.Stream != nil && stream != nil {
					n, err := stream(j)
					if err != nil {
						fail(err)
						if !errors.As(err, new(entry.ErrorList)) {
							return
						}
						continue
					}
					files.Add(1)
					nbytes.Add(n)
					continue
				}
				out, err := j.Render(&buf)
				if err != nil {
					fail(err)
					if len(out) == 0 {
						continue
					}
				}
				data, err := m.minify(j.Path, out, &min)
				if err != nil {
					fail(fmt.Errorf("minify %s: %w", j.Path, err))
					continue
				}
				if err := write(j, data); err != nil {
					fail(err)
					return
				}
				files.Add(1)
				nbytes.Add(int64(len(data)))
				// A large file (open data, sitemap) leaves the buffers
				// large; let them go rather than hold them to the end.
				// write may keep such a file's bytes (see largeOutput).
				if buf.Cap() > largeOutput || len(data) > largeOutput {
					buf = bytes.Buffer{}
				}
				if min.Cap() > largeOutput || len(data) > largeOutput {
					min = bytes.Buffer{}
				}
				if path.Ext(j.Path) == ".html" {
					pages.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return errs, err
	}
	res.Files += int(files.Load())
	res.Pages += int(pages.Load())
	res.Bytes += nbytes.Load()
	return errs, fatal
}
