package build

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/emine-dev/emine/internal/content"
	"github.com/emine-dev/emine/internal/entry"
	"github.com/emine-dev/emine/internal/render"
	"github.com/emine-dev/emine/internal/schema"
	"github.com/emine-dev/emine/internal/search"
)

// Builder builds one source again and again, for `emine serve` and
// `emine build -watch`. The first build is a full one; after that, a build
// re-reads only the content files named as changed, re-renders only the
// files whose key changed (see render.Job.Key), re-tokenizes only the
// search documents whose text changed, and writes only the files whose
// bytes changed. A change to templates, data, static files or the set of
// entries renders every page again, still writing only what changed. The
// output is the same, byte for byte, as a fresh Build of the same source.
type Builder struct {
	cfg     Config
	content *content.Cache
	search  *search.Cache
	memo    *render.Memo
	// dataKey fingerprints data/: the search cache holds term names.
	dataKey uint64
	last    *published
	// kept is what the last good build loaded, for a rebuild after edits
	// to bodies alone; nil when the next build must load everything.
	kept *kept
	// once marks the Builder of a single Build: it keeps nothing.
	once bool
	// Lock, when set, makes rebuilds update the output folder in place:
	// new files are written beside the old, then renamed over them and
	// stale files removed while Lock is held, so a reader holding its read
	// side sees either the old site or the new one. Without Lock each
	// rebuild is staged in a copy of the output made of hard links and
	// exchanged with it, like a full build.
	Lock sync.Locker
	// DeferAbove, with Lock, lets a rebuild return before it has rendered
	// and written again the files other than pages that were larger than
	// this many bytes (the open data, tens of megabytes at 10,000
	// entries): they are finished in the background, and Deferred tells a
	// reader to wait for them. Pages are never deferred: rendering one may
	// refuse a link, which must fail the rebuild itself. Zero finishes
	// every file before returning.
	DeferAbove int
	// later are the files still being finished, each with a channel
	// closed once it is in place; laterDone is closed when all are (nil:
	// none were deferred), and laterErr holds the first failure. A channel,
	// not a WaitGroup: the server waits on it beside the next build, which
	// may defer files again. laterMu guards the three.
	laterMu   sync.Mutex
	later     map[string]chan struct{}
	laterDone chan struct{}
	laterErr  error
	// laterHook, when set (by tests), runs before the files are finished.
	laterHook func()
}

// Deferred returns, for an output file the last rebuild is still
// finishing, a channel closed once the file is in place; nil otherwise.
// A reader waits for it before taking the read side of Lock.
func (b *Builder) Deferred(name string) <-chan struct{} {
	b.laterMu.Lock()
	defer b.laterMu.Unlock()
	if ch, ok := b.later[name]; ok {
		return ch
	}
	return nil
}

// Wait waits until every file the last rebuild deferred is in place, and
// returns what went wrong finishing them; the next build is then a full
// one.
func (b *Builder) Wait() error {
	b.laterMu.Lock()
	done := b.laterDone
	b.laterMu.Unlock()
	if done != nil {
		<-done
	}
	b.laterMu.Lock()
	defer b.laterMu.Unlock()
	return b.laterErr
}

func (b *Builder) laterFailed(err error) {
	b.laterMu.Lock()
	defer b.laterMu.Unlock()
	b.laterErr = err
}

// kept is the loaded site of the last good build.
type kept struct {
	dir      *entry.Directory
	site     *render.Site
	static   []asset
	jobs     []render.Job
	today    entry.Date
	warnings entry.ErrorList
}

// published is what the last good build wrote.
type published struct {
	global uint64
	paths  []string
	// assets are the files written that are not jobs (static files and
	// the search index).
	assets []string
	// big marks the files larger than Builder.DeferAbove.
	big map[string]bool
	// keys maps a job's path to its key; sums maps every file written to
	// a fingerprint of its bytes.
	keys map[string]uint64
	sums map[string]uint64
}

// NewBuilder returns a Builder for cfg; nothing is read until Build.
func NewBuilder(cfg Config) *Builder {
	if cfg.Out == "" {
		cfg.Out = "public"
	}
	return &Builder{cfg: cfg, content: content.NewCache(), search: search.NewCache(), memo: render.NewMemo()}
}

var sumSeed = maphash.MakeSeed()

func sum(data []byte) uint64 { return maphash.Bytes(sumSeed, data) }

// Build brings the output up to date with the source. changed names the
// files changed since the last call, slash-separated and relative to the
// source folder; nil means not known, and every file is read again. On
// any error the output is left as it was.
func (b *Builder) Build(ctx context.Context, changed []string) (*Result, error) {
	if b.Wait() != nil {
		b.last, b.kept = nil, nil // the output is not what b.last says
		b.laterFailed(nil)
	}
	cfg := b.cfg
	start := time.Now()
	// One date for the whole build, which may run over midnight.
	cfg.Today = cfg.today()
	read := &readLog{FS: cfg.Src, sums: map[string]uint64{}}
	if !b.once {
		cfg.Src = read
	}
	if err := checkOut(cfg.Out, cfg.SrcDir); err != nil {
		return nil, err
	}
	if b.last != nil {
		if _, err := os.Stat(filepath.Join(cfg.Out, markerFile)); err != nil {
			b.last = nil // someone removed or replaced the output
		}
	}
	if b.last == nil {
		changed = nil
	}
	m := newMinifier(cfg.NoMinify)
	res := &Result{}
	lap := start
	if done, err := b.inPlace(ctx, cfg, changed, m, res, start); done {
		return res, err
	}
	b.kept = nil
	if b.once {
		b.content, b.search, b.memo = nil, nil, nil
	} else {
		b.content.Changed(changed)
	}
	l, errs := load(cfg, m, false, b.content, b.memo)
	if l != nil {
		res.Stages = append(res.Stages, l.stages...)
		lap = time.Now()
	} else {
		res.lap("load and check", &lap)
	}
	if errs.HasErrors() {
		return res, errs
	}
	static := slices.Clone(l.assets)
	var global uint64
	if !b.once {
		var dataKey uint64
		global, dataKey = b.globalKey(cfg, l, read)
		b.memo.SetEpoch(epoch(cfg, dataKey))
		if dataKey != b.dataKey {
			b.search, b.dataKey = search.NewCache(), dataKey
		}
		l.searchCache = b.search
		res.lap("fingerprint inputs", &lap)
	}
	// The index is built beside everything that follows; a build that
	// stops early still waits for it, as the next one shares its cache.
	l.startIndex()
	defer l.waitIndex()
	jobs := l.site.Jobs()
	paths := make([]string, len(jobs))
	for i, j := range jobs {
		paths[i] = j.Path
	}
	// The same paths as last time were proved then.
	if b.last == nil || !slices.Equal(paths, b.last.paths) {
		if err := checkPaths(jobs, l.assets); err != nil {
			return res, err
		}
	}
	res.lap("list jobs", &lap)
	next := &published{paths: paths, global: global, keys: make(map[string]uint64, len(jobs)), sums: make(map[string]uint64, len(jobs)+len(l.assets)+256), big: map[string]bool{}}
	var err error
	if b.last == nil || b.last.global != global {
		err = b.full(ctx, l, jobs, m, res, next, &lap)
		if !b.once {
			// A full build leaves several times the memory a Builder keeps
			// between rebuilds; hand it back rather than hold it while
			// serving.
			defer debug.FreeOSMemory()
		}
	} else {
		err = b.update(ctx, l, jobs, m, res, next, &lap, nil)
	}
	if err != nil {
		// Content errors stop a build before it publishes anything; any
		// other failure may have left the output part old, part new, so
		// the next build renders everything.
		var list entry.ErrorList
		if !errors.As(err, &list) {
			b.last = nil
		}
		return res, err
	}
	b.last = next
	errs.Sort()
	res.Warnings = errs
	res.Duration = time.Since(start)
	if !b.once {
		l.site.Trim()
		b.kept = &kept{dir: l.dir, site: l.site, static: static, jobs: jobs, today: cfg.Today, warnings: errs}
	}
	return res, nil
}

// inPlace rebuilds after edits to entries that leave every other entry
// as it was (see content.Cache.ApplyEdits and render.Site.Outline) without
// loading the site again: the edits are made on the entries the last build
// loaded, and of the entry pages only those of the edited entries and of
// the entries that show them are compared and rendered. When no card
// changed (a body, a figure, a source: see render.Site.EntriesChanged), the
// lists, feeds and sitemaps are skipped too (render.Job.Cards), and when
// only bodies changed, the CSV tables (render.Job.Front). The rest (open
// data, free pages, the search index) is compared by key, as update does.
// done is false when the changes are not of that kind and nothing was
// done.
func (b *Builder) inPlace(ctx context.Context, cfg Config, changed []string, m *minifier, res *Result, start time.Time) (done bool, err error) {
	k := b.kept
	if k == nil || b.last == nil || len(changed) == 0 || cfg.Today != k.today {
		return false, nil
	}
	for _, p := range changed {
		if !strings.HasPrefix(p, "content/") || path.Ext(p) != ".md" {
			return false, nil
		}
	}
	lap := start
	checker := &schema.Checker{Taxonomies: k.dir.Taxonomies, Today: cfg.Today}
	edits, ok := b.content.Edits(cfg.Src, changed, checker)
	if !ok {
		return false, nil
	}
	bodies := true
	for _, ed := range edits {
		bodies = bodies && !ed.Front
	}
	entries, ok := b.content.ApplyEdits(k.dir, edits, func(old, next *entry.Entry) bool {
		return k.site.Outline(old) == k.site.Outline(next)
	})
	if !ok {
		return false, nil
	}
	// The site now holds the new entries; until this build succeeds, the
	// next one loads everything again.
	b.kept = nil
	shown, cardsChanged := k.site.EntriesChanged(entries)
	res.lap("read changed entries", &lap)
	l := &loaded{dir: k.dir, site: k.site, assets: slices.Clone(k.static), searchCache: b.search}
	l.startIndex()
	defer l.waitIndex()
	// The same jobs as last time: their keys and sums are carried over
	// whole, and those of the jobs compared again overwritten.
	next := &published{paths: b.last.paths, global: b.last.global, keys: maps.Clone(b.last.keys), sums: maps.Clone(b.last.sums), big: maps.Clone(b.last.big)}
	for _, p := range b.last.assets {
		delete(next.sums, p)
	}
	showing := make(map[*entry.Entry]bool, len(shown))
	for _, e := range shown {
		showing[e] = true
	}
	skip := func(j render.Job) bool {
		return (!cardsChanged && j.Cards) || (bodies && j.Front) || (j.Entry != nil && !showing[j.Entry])
	}
	if err := b.update(ctx, l, k.jobs, m, res, next, &lap, skip); err != nil {
		var list entry.ErrorList
		if !errors.As(err, &list) {
			b.last = nil
		}
		return true, err
	}
	k.site.Trim()
	b.last, b.kept = next, k
	res.Warnings, res.InPlace, res.CardsKept = k.warnings, true, !cardsChanged
	res.Duration = time.Since(start)
	return true, nil
}

// full renders every job into a new staging folder and publishes it.
func (b *Builder) full(ctx context.Context, l *loaded, jobs []render.Job, m *minifier, res *Result, next *published, lap *time.Time) error {
	stage, err := newStage(b.cfg.Out)
	if err != nil {
		return err
	}
	defer stage.cleanup()
	var mu sync.Mutex
	write := func(j render.Job, data []byte) error {
		if err := stage.write(j.Path, data); err != nil {
			return err
		}
		if !b.once {
			s := sum(data)
			mu.Lock()
			next.sums[j.Path] = s
			if b.DeferAbove > 0 && len(data) > b.DeferAbove {
				next.big[j.Path] = true
			}
			mu.Unlock()
		}
		return nil
	}
	stream := func(j render.Job) (int64, error) { return stage.stream(j.Path, j.Stream) }
	if err := renderPhases(ctx, l, jobs, m, res, write, stream, lap); err != nil {
		return err
	}
	if !b.once {
		for _, j := range jobs {
			next.keys[j.Path] = j.Sum()
		}
	}
	for _, a := range l.assets {
		if err := stage.write(a.out, a.data); err != nil {
			return err
		}
		if !b.once {
			next.sums[a.out] = sum(a.data)
			next.assets = append(next.assets, a.out)
		}
		res.Files++
		res.Bytes += int64(len(a.data))
	}
	if err := stage.write(markerFile, []byte(markerText)); err != nil {
		return err
	}
	res.Rendered, res.Written, res.Full = len(jobs), res.Files, true
	res.lap("write assets", lap)
	if err := stage.publish(); err != nil {
		return err
	}
	res.lap("publish", lap)
	return nil
}

// update renders the jobs whose key changed and publishes the files whose
// bytes changed. skip, when given, names jobs known to be unchanged: their
// keys are not worked out again.
func (b *Builder) update(ctx context.Context, l *loaded, jobs []render.Job, m *minifier, res *Result, next *published, lap *time.Time, skip func(render.Job) bool) error {
	last := b.last
	var (
		mu      sync.Mutex
		pending = map[string][]byte{}
	)
	// record notes a file's sum and size and reports whether its bytes
	// changed; keep also keeps a changed file for publishing.
	record := func(p string, data []byte) bool {
		s := sum(data)
		mu.Lock()
		defer mu.Unlock()
		next.sums[p] = s
		if b.DeferAbove > 0 && len(data) > b.DeferAbove {
			next.big[p] = true
		} else {
			delete(next.big, p)
		}
		old, ok := last.sums[p]
		return !ok || old != s
	}
	// keep's data is copied unless it is owned: bytes no one changes
	// before the build publishes them (assets, and the open data the
	// memo keeps), rather than a rendering buffer that is reused.
	keep := func(p string, data []byte, owned bool) {
		if !record(p, data) {
			return
		}
		if !owned && len(data) <= largeOutput {
			data = bytes.Clone(data) // the buffer is reused
		}
		mu.Lock()
		pending[p] = data
		mu.Unlock()
	}
	// Keys are worked out on every core; the search jobs' keys are known
	// once the index is.
	keys := make([]uint64, len(jobs))
	skipped := make([]bool, len(jobs))
	var at atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for i := int(at.Add(1) - 1); i < len(jobs); i = int(at.Add(1) - 1) {
				switch {
				case skip != nil && skip(jobs[i]):
					skipped[i] = true
				case !jobs[i].NeedsSearch:
					keys[i] = jobs[i].Sum()
				}
			}
		})
	}
	wg.Wait()
	// unchanged records a job's key and, when the last build had the same
	// key, carries its file over.
	unchanged := func(j render.Job, k uint64) bool {
		mu.Lock()
		defer mu.Unlock()
		next.keys[j.Path] = k
		old, ok := last.keys[j.Path]
		s, had := last.sums[j.Path]
		if !ok || !had || old != k {
			return false
		}
		next.sums[j.Path] = s
		if last.big[j.Path] {
			next.big[j.Path] = true
		}
		res.Files++
		if path.Ext(j.Path) == ".html" {
			res.Pages++
		}
		return true
	}
	var todo []render.Job
	for i, j := range jobs {
		switch {
		case skipped[i]:
			// next holds its key and sum already (see inPlace).
			res.Files++
			if path.Ext(j.Path) == ".html" {
				res.Pages++
			}
		case j.NeedsSearch || !unchanged(j, keys[i]):
			todo = append(todo, j)
		}
	}
	// Large files are finished after the rest is published (see
	// DeferAbove); until then they keep their place and their old sum, so
	// that they are not taken for gone.
	var later []render.Job
	if b.Lock != nil && b.DeferAbove > 0 {
		todo = slices.DeleteFunc(todo, func(j render.Job) bool {
			if last.big[j.Path] && !j.NeedsSearch && path.Ext(j.Path) != ".html" {
				later = append(later, j)
				next.sums[j.Path] = last.sums[j.Path]
				res.Files++
				return true
			}
			return false
		})
	}
	res.lap("compare keys", lap)
	rendered := 0
	write := func(j render.Job, data []byte) error {
		keep(j.Path, data, j.Data != nil && !m.minifies(j.Path))
		mu.Lock()
		rendered++
		mu.Unlock()
		return nil
	}
	// A search page is rendered only when its key, known once the index
	// is, changed.
	if err := renderPhases(ctx, l, todo, m, res, write, nil, lap, func(j render.Job) bool { return !unchanged(j, j.Sum()) }); err != nil {
		return err
	}
	for _, a := range l.assets {
		keep(a.out, a.data, true)
		next.assets = append(next.assets, a.out)
		res.Files++
	}
	res.Bytes = 0
	for _, data := range pending {
		res.Bytes += int64(len(data))
	}
	next.sums[markerFile] = last.sums[markerFile]
	var gone []string
	stale := maps.Keys(last.sums)
	if skip != nil {
		stale = slices.Values(last.assets) // the jobs are the same
	}
	for p := range stale {
		if _, ok := next.sums[p]; !ok && p != markerFile {
			gone = append(gone, p)
		}
	}
	sort.Strings(gone)
	res.Rendered, res.Written, res.Removed, res.Later = rendered, len(pending), len(gone), len(later)
	res.lap("render changed", lap)
	if len(later) > 0 {
		// Readers of these files wait from now until they are in place.
		b.laterMu.Lock()
		b.later = map[string]chan struct{}{}
		for _, j := range later {
			b.later[j.Path] = make(chan struct{})
		}
		b.laterMu.Unlock()
	}
	err := b.publish(ctx, l, jobs, m, res, next, lap, pending, gone)
	if len(later) > 0 {
		b.finishLater(later, m, record, err)
	}
	return err
}

// publish puts the changed files of an update in place.
func (b *Builder) publish(ctx context.Context, l *loaded, jobs []render.Job, m *minifier, res *Result, next *published, lap *time.Time, pending map[string][]byte, gone []string) error {
	if len(pending) == 0 && len(gone) == 0 {
		return nil
	}
	var err error
	if b.Lock != nil {
		err = applyInPlace(b.cfg.Out, pending, gone, b.Lock)
	} else {
		err = applyStaged(b.cfg.Out, pending, gone)
		if errors.Is(err, errNoLinks) {
			// The file system cannot hard-link: render everything into a
			// new staging folder instead.
			clear(next.sums)
			clear(next.keys)
			clear(next.big)
			next.assets = nil
			res.Files, res.Pages, res.Bytes = 0, 0, 0
			err = b.full(ctx, l, jobs, m, res, next, lap)
		}
	}
	res.lap("publish", lap)
	return err
}

// finishLater renders and publishes, in the background, the files update
// deferred, then lets their readers go. A failure makes the next build a
// full one.
func (b *Builder) finishLater(jobs []render.Job, m *minifier, record func(string, []byte) bool, failed error) {
	done := make(chan struct{})
	b.laterMu.Lock()
	b.laterDone = done
	b.laterMu.Unlock()
	go func() {
		defer func() {
			b.laterMu.Lock()
			for _, ch := range b.later {
				close(ch)
			}
			b.later = nil
			b.laterMu.Unlock()
			close(done)
		}()
		if failed != nil {
			return // the next build is a full one
		}
		if b.laterHook != nil {
			b.laterHook()
		}
		// One at a time: these are the largest files. The open data is
		// kept by the site's memo and changed in place (see
		// render.Job.Data), so a body edit does not allocate it anew.
		pending := map[string][]byte{}
		var min bytes.Buffer
		for _, j := range jobs {
			out, err := j.Render(&bytes.Buffer{})
			if err != nil {
				b.laterFailed(fmt.Errorf("render %s: %w", j.Path, err))
				return
			}
			data, err := m.minify(j.Path, out, &min)
			if err != nil {
				b.laterFailed(fmt.Errorf("minify %s: %w", j.Path, err))
				return
			}
			if record(j.Path, data) {
				pending[j.Path] = data
			}
			min = bytes.Buffer{}
		}
		if err := applyInPlace(b.cfg.Out, pending, nil, b.Lock); err != nil {
			b.laterFailed(err)
		}
	}()
}

// renderPhases renders the jobs that do not show the search index while
// the index is built, then the rest. want, when given, decides for each
// search job (after the index is set) whether to run it.
func renderPhases(ctx context.Context, l *loaded, jobs []render.Job, m *minifier, res *Result, write func(render.Job, []byte) error, stream func(render.Job) (int64, error), lap *time.Time, want ...func(render.Job) bool) error {
	l.startIndex()
	var now, later []render.Job
	for _, j := range jobs {
		if j.NeedsSearch {
			later = append(later, j)
		} else {
			now = append(now, j)
		}
	}
	errs, err := renderEach(ctx, now, m, res, write, stream)
	res.lap("render and write", lap)
	if ierr := l.waitIndex(); ierr != nil && err == nil {
		err = ierr
	}
	res.lap("wait for search index", lap)
	if err == nil {
		if err = checkPaths(jobs, l.assets); err == nil {
			if len(want) > 0 {
				later = slices.DeleteFunc(later, func(j render.Job) bool { return !want[0](j) })
			}
			var lerrs entry.ErrorList
			lerrs, err = renderEach(ctx, later, m, res, write, stream)
			errs.Append(lerrs)
		}
	}
	if err != nil {
		return err
	}
	if errs.HasErrors() {
		errs.Sort()
		return errs
	}
	return nil
}

// applyInPlace writes the changed files beside the old ones, then, holding
// lock, renames them into place and removes the files that are gone.
func applyInPlace(out string, pending map[string][]byte, gone []string, lock sync.Locker) error {
	root, err := os.OpenRoot(out)
	if err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	defer root.Close()
	names, err := writeNew(root, pending)
	if err != nil {
		removeNew(root, pending)
		return err
	}
	lock.Lock()
	defer lock.Unlock()
	if err := swapIn(root, names, gone); err != nil {
		removeNew(root, pending)
		return err
	}
	return nil
}

// removeNew removes what writeNew left of a publish that failed.
func removeNew(root *os.Root, pending map[string][]byte) {
	for p := range pending {
		root.Remove(p + newSuffix)
	}
}

// errNoLinks says the output's file system cannot make hard links.
var errNoLinks = errors.New("the output's file system has no hard links")

// applyStaged copies the output as hard links into a staging folder,
// applies the changes there and exchanges it with the output.
func applyStaged(out string, pending map[string][]byte, gone []string) error {
	st, err := newStage(out)
	if err != nil {
		return err
	}
	defer st.cleanup()
	if err := linkTree(st.out, st.tmp); err != nil {
		var le *os.LinkError
		if errors.As(err, &le) {
			return fmt.Errorf("publish: %w: %w", errNoLinks, err)
		}
		return fmt.Errorf("publish: %w", err)
	}
	names, err := writeNew(st.root, pending)
	if err != nil {
		return err
	}
	if err := swapIn(st.root, names, gone); err != nil {
		return err
	}
	return st.publish()
}

const newSuffix = ".emine-new"

// writeNew writes each pending file as name.emine-new and returns the
// names in order.
func writeNew(root *os.Root, pending map[string][]byte) ([]string, error) {
	names := make([]string, 0, len(pending))
	for p := range pending {
		names = append(names, p)
	}
	sort.Strings(names)
	made := map[string]bool{}
	for _, p := range names {
		if !filepath.IsLocal(p) {
			return nil, fmt.Errorf("output path %q is not local", p)
		}
		if dir := path.Dir(p); dir != "." && !made[dir] {
			if err := root.MkdirAll(dir, 0o755); err != nil {
				return nil, fmt.Errorf("write %s: %w", p, err)
			}
			made[dir] = true
		}
		if err := root.WriteFile(p+newSuffix, pending[p], 0o644); err != nil {
			return nil, fmt.Errorf("write %s: %w", p, err)
		}
	}
	return names, nil
}

// swapIn renames the new files over the old ones (a hard-linked old file
// keeps its bytes for the tree it belongs to) and removes the gone ones
// and the folders they leave empty.
func swapIn(root *os.Root, names, gone []string) error {
	for _, p := range names {
		if err := root.Rename(p+newSuffix, p); err != nil {
			return fmt.Errorf("publish %s: %w", p, err)
		}
	}
	dirs := map[string]bool{}
	for _, p := range gone {
		if err := root.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove %s: %w", p, err)
		}
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	// Deepest first; a folder that still holds files stays.
	list := make([]string, 0, len(dirs))
	for d := range dirs {
		list = append(list, d)
	}
	sort.Slice(list, func(i, j int) bool { return strings.Count(list[i], "/") > strings.Count(list[j], "/") })
	for _, d := range list {
		root.Remove(d)
	}
	return nil
}

// linkTree recreates the folders of src under dst and hard-links its
// files into them.
func linkTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil || rel == "." {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.Mkdir(target, 0o755)
		}
		return os.Link(p, target)
	})
}

// globalKey fingerprints what every output file may depend on: the
// templates and data as load read them, static files, the options and the
// shape of the directory. The second value covers data/ alone.
func (b *Builder) globalKey(cfg Config, l *loaded, read *readLog) (uint64, uint64) {
	var h, dh maphash.Hash
	h.SetSeed(sumSeed)
	dh.SetSeed(sumSeed)
	read.mu.Lock()
	names := make([]string, 0, len(read.sums))
	for n := range read.sums {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		w := &h
		if strings.HasPrefix(n, "data/") {
			w = &dh
		}
		fmt.Fprintf(w, "%s\x00%x\x00", n, read.sums[n])
	}
	read.mu.Unlock()
	dataKey := dh.Sum64()
	for _, a := range l.assets {
		h.WriteString(a.out)
		h.WriteByte(0)
		h.Write(a.data)
	}
	fmt.Fprintf(&h, "|%d|%s|%v|%v|%v|%s|%x", dataKey, cfg.BaseURL, cfg.Portable, cfg.Drafts, cfg.NoMinify, cfg.today(), l.site.Shape())
	return h.Sum64(), dataKey
}

// epoch fingerprints what a card shows beyond its entry (see
// render.Memo.SetEpoch): the data files, the day and the link options.
func epoch(cfg Config, dataKey uint64) uint64 {
	var h maphash.Hash
	h.SetSeed(sumSeed)
	fmt.Fprintf(&h, "%x|%s|%s|%v", dataKey, cfg.today(), cfg.BaseURL, cfg.Portable)
	return h.Sum64()
}

// readLog is the source as a build reads it: it remembers a fingerprint of
// every file read below templates/ and data/, so the global key is that of
// the text the build used, even when a file is saved again meanwhile.
type readLog struct {
	fs.FS
	mu   sync.Mutex
	sums map[string]uint64
}

func (r *readLog) ReadFile(name string) ([]byte, error) {
	data, err := fs.ReadFile(r.FS, name)
	if err == nil && (strings.HasPrefix(name, "templates/") || strings.HasPrefix(name, "data/")) {
		r.mu.Lock()
		r.sums[name] = sum(data)
		r.mu.Unlock()
	}
	return data, err
}

func (r *readLog) Open(name string) (fs.File, error) {
	if strings.HasPrefix(name, "templates/") || strings.HasPrefix(name, "data/") {
		if fi, err := fs.Stat(r.FS, name); err == nil && fi.Mode().IsRegular() {
			// A file opened rather than read whole is still fingerprinted.
			if _, err := r.ReadFile(name); err != nil {
				return nil, err
			}
		}
	}
	return r.FS.Open(name)
}

func (r *readLog) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(r.FS, name) }
func (r *readLog) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(r.FS, name) }
func (r *readLog) Lstat(name string) (fs.FileInfo, error)     { return fs.Lstat(r.FS, name) }
func (r *readLog) ReadLink(name string) (string, error)       { return fs.ReadLink(r.FS, name) }

// Summary says in a few words what a build did.
func (r *Result) Summary() string {
	if r.Full {
		return fmt.Sprintf("built %d pages, %d files", r.Pages, r.Files)
	}
	return fmt.Sprintf("rendered %d of %d files, wrote %d, removed %d", r.Rendered, r.Files, r.Written, r.Removed)
}
