package build

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/emine-dev/emine/internal/entry"
)

// sampleSite is the repository's own directory as a file system a test may
// change.
func sampleSite(t testing.TB) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	for _, dir := range []string{"content", "data", "templates", "static"} {
		err := filepath.WalkDir(filepath.Join("../..", dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			rel, _ := filepath.Rel("../..", p)
			m[filepath.ToSlash(rel)] = &fstest.MapFile{Data: data}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return m
}

// edit is one change an editor might make; it returns the paths it
// touched, or nil when it found nothing to change.
type edit struct {
	name string
	do   func(m fstest.MapFS, r *rand.Rand, n int) []string
	// road is the way a rebuild should take.
	road road
}

type road int

const (
	// reloaded: the site is loaded again, and every key compared.
	reloaded road = iota
	// inPlace: the edit is made on the entries the last build loaded
	// (Builder.inPlace).
	inPlace
	// cardsKept: so, and the edit left every card as it was (a body, a
	// figure, a source): only the edited entries' pages and the files
	// that show more than cards are compared.
	cardsKept
)

var (
	titleLine    = regexp.MustCompile(`(?m)^title: .*$`)
	sourceTitle  = regexp.MustCompile(`(?m)^  - title: .*$`)
	validUntil   = regexp.MustCompile(`(?m)^valid_until: .*$`)
	districtLine = regexp.MustCompile(`(?m)^district: .*$`)
	summaryLine  = regexp.MustCompile(`(?m)^summary: .*$`)
	updatedLine  = regexp.MustCompile(`(?m)^updated: .*$`)
	amountLine   = regexp.MustCompile(`(?m)^  amount: .*$`)
)

func pick(m fstest.MapFS, r *rand.Rand, match func(string) bool) string {
	var names []string
	for p := range m {
		if match(p) {
			names = append(names, p)
		}
	}
	if len(names) == 0 {
		return ""
	}
	slices.Sort(names)
	return names[r.IntN(len(names))]
}

// afterFrontMatter returns the body of a Markdown file: what follows the
// line closing its front matter.
func afterFrontMatter(data []byte) []byte {
	if i := bytes.Index(data, []byte("\n---\n")); i >= 0 {
		return data[i+5:]
	}
	return nil
}

func entryFile(p string) bool {
	return strings.HasPrefix(p, "content/") && strings.HasSuffix(p, ".md") && strings.Count(path.Base(p), ".") == 1 && !strings.HasPrefix(p, "content/pages/")
}

// hasSimilar reports whether another project lies in the same province
// as project p and shares a mineral with it: its page shows p's card.
func hasSimilar(m fstest.MapFS, p string) bool {
	province := regexp.MustCompile(`(?m)^province: .*$`)
	minerals := regexp.MustCompile(`(?m)^minerals: \[(.*)\]$`)
	of := func(q string) ([]byte, []string) {
		mm := minerals.FindSubmatch(m[q].Data)
		if mm == nil {
			return province.Find(m[q].Data), nil
		}
		return province.Find(m[q].Data), strings.Split(string(mm[1]), ", ")
	}
	pp, pm := of(p)
	for q := range m {
		if q == p || !strings.HasPrefix(q, "content/projects/") || !entryFile(q) {
			continue
		}
		if qp, qm := of(q); bytes.Equal(pp, qp) && slices.ContainsFunc(qm, func(x string) bool { return slices.Contains(pm, x) }) {
			return true
		}
	}
	return false
}

func replaceIn(m fstest.MapFS, p string, re *regexp.Regexp, with string) []string {
	old := m[p].Data
	m[p] = &fstest.MapFile{Data: re.ReplaceAll(old, []byte(with))}
	if bytes.Equal(old, m[p].Data) {
		return nil
	}
	return []string{p}
}

// swapLine exchanges the values of a top-level field between two entries.
func swapLine(m fstest.MapFS, r *rand.Rand, dir, field string) []string {
	re := regexp.MustCompile(`(?m)^` + field + `: .*$`)
	a := pick(m, r, func(p string) bool { return strings.HasPrefix(p, dir) && entryFile(p) && re.Match(m[p].Data) })
	if a == "" {
		return nil
	}
	va := re.Find(m[a].Data)
	b := pick(m, r, func(p string) bool {
		return strings.HasPrefix(p, dir) && entryFile(p) && re.Match(m[p].Data) && !bytes.Equal(re.Find(m[p].Data), va)
	})
	if b == "" {
		return nil
	}
	vb := re.Find(m[b].Data)
	replaceIn(m, a, re, string(vb))
	replaceIn(m, b, re, string(va))
	return []string{a, b}
}

var edits = []edit{
	{"body", func(m fstest.MapFS, r *rand.Rand, n int) []string {
		p := pick(m, r, entryFile)
		m[p] = &fstest.MapFile{Data: append(bytes.Clone(m[p].Data), fmt.Sprintf("\nAn added sentence about quartzite number %d.\n", n)...)}
		return []string{p}
	}, cardsKept},
	{"translation body", func(m fstest.MapFS, r *rand.Rand, n int) []string {
		p := pick(m, r, func(p string) bool { return strings.HasSuffix(p, ".zh.md") || strings.HasSuffix(p, ".ur.md") })
		m[p] = &fstest.MapFile{Data: append(bytes.Clone(m[p].Data), fmt.Sprintf("\n增加的句子 %d。\n", n)...)}
		return []string{p}
	}, cardsKept},
	{"two bodies, one linking to another entry", func(m fstest.MapFS, r *rand.Rand, n int) []string {
		p := pick(m, r, entryFile)
		q := pick(m, r, func(q string) bool { return entryFile(q) && q != p })
		slug := strings.TrimSuffix(path.Base(q), ".md")
		m[p] = &fstest.MapFile{Data: append(bytes.Clone(m[p].Data), fmt.Sprintf("\nSee [the entry](/%s/%s/), note %d.\n", path.Base(path.Dir(q)), slug, n)...)}
		m[q] = &fstest.MapFile{Data: append(bytes.Clone(m[q].Data), fmt.Sprintf("\n- a listed point, number %d\n", n)...)}
		return []string{p, q}
	}, cardsKept},
	{"translation body emptied", func(m fstest.MapFS, r *rand.Rand, n int) []string {
		// Other pages say which languages an entry is written in: this
		// is not a change to the body alone.
		p := pick(m, r, func(p string) bool {
			return (strings.HasSuffix(p, ".zh.md") || strings.HasSuffix(p, ".ur.md")) && len(bytes.TrimSpace(afterFrontMatter(m[p].Data))) > 0
		})
		if p == "" {
			return nil
		}
		data := m[p].Data
		m[p] = &fstest.MapFile{Data: data[:len(data)-len(afterFrontMatter(data))]}
		return []string{p}
	}, reloaded},
	{"front matter and body", func(m fstest.MapFS, r *rand.Rand, n int) []string {
		p := pick(m, r, entryFile)
		if replaceIn(m, p, summaryLine, fmt.Sprintf("summary: Summary and body changed together, %d.", n)) == nil {
			return nil
		}
		m[p] = &fstest.MapFile{Data: append(bytes.Clone(m[p].Data), "\nAnd a sentence.\n"...)}
		return []string{p}
	}, inPlace},
	{"source title", func(m fstest.MapFS, r *rand.Rand, n int) []string {
		return replaceIn(m, pick(m, r, entryFile), sourceTitle, fmt.Sprintf(`  - title: "A renamed source, %d"`, n))
	}, cardsKept},
	{"a figure: a project's investment", func(m fstest.MapFS, r *rand.Rand, n int) []string {
		return replaceIn(m, pick(m, r, func(p string) bool { return entryFile(p) && amountLine.Match(m[p].Data) }), amountLine, fmt.Sprintf("  amount: %d", 1000000+n))
	}, cardsKept},
	{"translation summary", func(m fstest.MapFS, r *rand.Rand, n int) []string {
		p := pick(m, r, func(p string) bool {
			return (strings.HasSuffix(p, ".zh.md") || strings.HasSuffix(p, ".ur.md")) && !strings.HasPrefix(p, "content/pages/") && summaryLine.Match(m[p].Data)
		})
		if p == "" {
			return nil
		}
		return replaceIn(m, p, summaryLine, fmt.Sprintf("summary: 第%d次修改的摘要。", n))
	}, inPlace},
	{"operator's summary, shown on the pages of its projects", func(m fstest.MapFS, r *rand.Rand, n int) []string {
		p := pick(m, r, func(p string) bool {
			if !strings.HasPrefix(p, "content/partners/") || !entryFile(p) {
				return false
			}
			line := []byte("\noperator: " + strings.TrimSuffix(path.Base(p), ".md") + "\n")
			for q, f := range m {
				if strings.HasPrefix(q, "content/projects/") && bytes.Contains(f.Data, line) {
					return true
				}
			}
			return false
		})
		return replaceIn(m, p, summaryLine, fmt.Sprintf("summary: An operator described anew, %d.", n))
	}, inPlace},
	{"project's summary, shown on its operator's page and similar projects'", func(m fstest.MapFS, r *rand.Rand, n int) []string {
		p := pick(m, r, func(p string) bool {
			return strings.HasPrefix(p, "content/projects/") && entryFile(p) && bytes.Contains(m[p].Data, []byte("\noperator: ")) && hasSimilar(m, p)
		})
		return replaceIn(m, p, summaryLine, fmt.Sprintf("summary: A project described anew, %d.", n))
	}, inPlace},
	{"title", func(m fstest.MapFS, r *rand.Rand, n int) []string {
		return replaceIn(m, pick(m, r, entryFile), titleLine, fmt.Sprintf("title: Aardvark Holdings %d", n))
	}, reloaded},
	{"summary", func(m fstest.MapFS, r *rand.Rand, n int) []string {
		return replaceIn(m, pick(m, r, entryFile), summaryLine, fmt.Sprintf("summary: A changed summary, number %d.", n))
	}, inPlace},
	{"updated", func(m fstest.MapFS, r *rand.Rand, n int) []string {
		return replaceIn(m, pick(m, r, entryFile), updatedLine, fmt.Sprintf(`updated: "2026-%02d-%02d"`, 1+r.IntN(10), 1+r.IntN(28)))
	}, reloaded},
	{"province", func(m fstest.MapFS, r *rand.Rand, n int) []string {
		return swapLine(m, r, "content/projects/", "province")
	}, reloaded},
	{"stage", func(m fstest.MapFS, r *rand.Rand, n int) []string {
		return swapLine(m, r, "content/projects/", "stage")
	}, reloaded},
	{"incentive's end date, which flips its expired flag", func(m fstest.MapFS, r *rand.Rand, n int) []string {
		p := pick(m, r, func(p string) bool { return entryFile(p) && validUntil.Match(m[p].Data) })
		if p == "" {
			return nil
		}
		// Past to future, or back: the card says "expired" or not.
		year := 2031
		if bytes.Contains(validUntil.Find(m[p].Data), []byte("2031")) {
			year = 2020
		}
		return replaceIn(m, p, validUntil, fmt.Sprintf(`valid_until: "%d-12-31"`, year))
	}, inPlace},
	{"partner's Chinese name, shown on its projects' Chinese pages", func(m fstest.MapFS, r *rand.Rand, n int) []string {
		// Without a Chinese translation of its own, the partner is named
		// on Chinese pages by its Chinese name.
		p := pick(m, r, func(p string) bool {
			return strings.HasPrefix(p, "content/partners/") && entryFile(p) && bytes.Contains(m[p].Data, []byte("\nnames:\n")) && !bytes.Contains(m[p].Data, []byte("\n  zh: ")) &&
				m[strings.TrimSuffix(p, ".md")+".zh.md"] == nil
		})
		if p == "" {
			return nil
		}
		m[p] = &fstest.MapFile{Data: bytes.Replace(m[p].Data, []byte("\nnames:\n"), fmt.Appendf(nil, "\nnames:\n  zh: 合作伙伴%d\n", n), 1)}
		return []string{p}
	}, inPlace},
	{"translated district", func(m fstest.MapFS, r *rand.Rand, n int) []string {
		p := pick(m, r, func(p string) bool { return strings.HasSuffix(p, ".zh.md") && districtLine.Match(m[p].Data) })
		if p == "" {
			return nil
		}
		return replaceIn(m, p, districtLine, fmt.Sprintf(`district: "第%d区"`, n))
	}, cardsKept},
	{"partner's country, which orders the search index", func(m fstest.MapFS, r *rand.Rand, n int) []string {
		return swapLine(m, r, "content/partners/", "country")
	}, reloaded},
	{"operator", func(m fstest.MapFS, r *rand.Rand, n int) []string {
		return swapLine(m, r, "content/projects/", "operator")
	}, reloaded},
	{"add", func(m fstest.MapFS, r *rand.Rand, n int) []string {
		p := pick(m, r, func(p string) bool { return strings.HasPrefix(p, "content/partners/") && entryFile(p) })
		q := fmt.Sprintf("content/partners/added-partner-%d.md", n)
		m[q] = &fstest.MapFile{Data: titleLine.ReplaceAll(m[p].Data, []byte(fmt.Sprintf("title: Added Partner %d", n)))}
		return []string{q}
	}, reloaded},
	{"rename", func(m fstest.MapFS, r *rand.Rand, n int) []string {
		p := pick(m, r, func(p string) bool { return strings.HasPrefix(p, "content/partners/added-") })
		if p == "" {
			return nil
		}
		q := fmt.Sprintf("content/partners/renamed-partner-%d.md", n)
		m[q] = m[p]
		delete(m, p)
		return []string{p, q}
	}, reloaded},
	{"delete", func(m fstest.MapFS, r *rand.Rand, n int) []string {
		p := pick(m, r, func(p string) bool {
			return strings.HasPrefix(p, "content/partners/added-") || strings.HasPrefix(p, "content/partners/renamed-")
		})
		if p == "" {
			return nil
		}
		delete(m, p)
		return []string{p}
	}, reloaded},
	{"free page title", func(m fstest.MapFS, r *rand.Rand, n int) []string {
		p := pick(m, r, func(p string) bool {
			return strings.HasPrefix(p, "content/pages/") && strings.Count(path.Base(p), ".") == 1
		})
		return replaceIn(m, p, titleLine, fmt.Sprintf("title: About, edition %d", n))
	}, reloaded},
	{"template", func(m fstest.MapFS, r *rand.Rand, n int) []string {
		p := "templates/entry.html"
		m[p] = &fstest.MapFile{Data: bytes.Replace(m[p].Data, []byte(`<article class="entry`), []byte(fmt.Sprintf(`<p hidden>%d</p><article class="entry`, n)), 1)}
		return []string{p}
	}, reloaded},
	{"strings", func(m fstest.MapFS, r *rand.Rand, n int) []string {
		p := "data/i18n/en.yaml"
		re := regexp.MustCompile(`(?m)^entry\.sources: .*$`)
		return replaceIn(m, p, re, fmt.Sprintf("entry.sources: Sources (%d)", n))
	}, reloaded},
}

// TestRebuildEqualsFreshBuild changes the sample directory the way editors
// do, one change at a time in a seeded random order, and after each has a
// Builder bring its output up to date: the output must equal, byte for
// byte, a fresh build of the same files. Half the rebuilds update the
// folder in place (serve), half stage a linked copy (build -watch).
func TestRebuildEqualsFreshBuild(t *testing.T) {
	src := sampleSite(t)
	dir := t.TempDir()
	out, fresh := filepath.Join(dir, "out"), filepath.Join(dir, "fresh")
	cfg := Config{Src: src, Out: out, Today: today}
	b := NewBuilder(cfg)
	// In place, files over 2 KB (open data, sitemaps) are finished after
	// the build returns, as serve does with its larger ones.
	b.DeferAbove = 2 << 10
	var lock sync.Mutex
	if _, err := b.Build(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(7, 11))
	deferred := 0
	steps := 36
	if testing.Short() {
		steps = 8
	}
	seen := map[string]bool{}
	for n := range steps {
		e := edits[r.IntN(len(edits))]
		if n < len(edits) {
			e = edits[n] // every kind at least once
		}
		changed := e.do(src, r, n)
		if changed == nil {
			continue
		}
		seen[e.name] = true
		if n%2 == 0 {
			b.Lock = &lock
		} else {
			b.Lock = nil
		}
		t0 := time.Now()
		res, err := b.Build(context.Background(), changed)
		t.Logf("step %d %s: %v rendered %d (%d later)", n, e.name, time.Since(t0), res.Rendered, res.Later)
		if err != nil {
			t.Fatalf("step %d (%s of %v): %v", n, e.name, changed, err)
		}
		deferred += res.Later
		b.Wait()
		if _, err := Build(context.Background(), Config{Src: src, Out: fresh, Today: today}); err != nil {
			t.Fatalf("step %d: fresh build: %v", n, err)
		}
		if e.road >= inPlace && (res.Full || !res.InPlace) {
			t.Errorf("step %d (%s of %v) loaded the whole site again", n, e.name, changed)
		}
		if e.road == reloaded && res.InPlace {
			t.Errorf("step %d (%s of %v) was made in place, yet it changes other entries' pages", n, e.name, changed)
		}
		if (e.road == cardsKept) != res.CardsKept {
			t.Errorf("step %d (%s of %v): CardsKept is %v", n, e.name, changed, res.CardsKept)
		}
		if e.road == cardsKept && res.Rendered > 12 {
			t.Errorf("step %d (%s of %v) rendered %d files; a change that keeps every card should render the entry's pages and few others", n, e.name, changed, res.Rendered)
		}
		for _, d := range treeDiff(t, out, fresh) {
			t.Errorf("step %d (%s of %v): %s", n, e.name, changed, d)
		}
		if t.Failed() {
			t.FailNow()
		}
	}
	if !testing.Short() && len(seen) != len(edits) {
		t.Errorf("only %d of %d kinds of change were tried", len(seen), len(edits))
	}
	if deferred == 0 {
		t.Error("no rebuild left a file to finish later; the test does not try DeferAbove")
	}
}

// deferringBuilder builds the sample site in place, as serve does, with
// files over 2 KB deferred; fresh is a folder for a fresh build to compare.
func deferringBuilder(t *testing.T) (src fstest.MapFS, b *Builder, out, fresh string) {
	t.Helper()
	src = sampleSite(t)
	dir := t.TempDir()
	out, fresh = filepath.Join(dir, "out"), filepath.Join(dir, "fresh")
	b = NewBuilder(Config{Src: src, Out: out, Today: today})
	b.Lock, b.DeferAbove = &sync.RWMutex{}, 2<<10
	if _, err := b.Build(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	return src, b, out, fresh
}

// TestDeferredFileWaits holds back the files a rebuild leaves to finish
// later: until they are in place, Deferred names them (a server waits on
// it) and the old file is still there; after, the output equals a fresh
// build.
func TestDeferredFileWaits(t *testing.T) {
	src, b, out, fresh := deferringBuilder(t)
	before := readTree(t, out)["data/projects.json"]
	if len(before) <= b.DeferAbove {
		t.Fatalf("data/projects.json is %d bytes, not over %d: pick a smaller DeferAbove", len(before), b.DeferAbove)
	}
	hold := make(chan struct{})
	b.laterHook = func() { <-hold }
	changed := edits[0].do(src, rand.New(rand.NewPCG(1, 2)), 1)
	if !strings.HasPrefix(changed[0], "content/projects/") {
		changed = []string{"content/projects/saindak-copper-gold.md"}
		src[changed[0]].Data = append(bytes.Clone(src[changed[0]].Data), "\nOne more sentence.\n"...)
	}
	res, err := b.Build(context.Background(), changed)
	if err != nil {
		t.Fatal(err)
	}
	ch := b.Deferred("data/projects.json")
	if res.Later == 0 || ch == nil {
		t.Fatalf("the rebuild after a body edit left %d files for later, and data/projects.json is not among them", res.Later)
	}
	select {
	case <-ch:
		t.Fatal("data/projects.json was released before it was written")
	default:
	}
	if got := readTree(t, out)["data/projects.json"]; !bytes.Equal(got, before) {
		t.Error("data/projects.json changed before its turn")
	}
	close(hold)
	<-ch
	if _, err := Build(context.Background(), Config{Src: src, Out: fresh, Today: today}); err != nil {
		t.Fatal(err)
	}
	got, want := readTree(t, out), readTree(t, fresh)
	if !bytes.Equal(got["data/projects.json"], want["data/projects.json"]) || bytes.Equal(got["data/projects.json"], before) {
		t.Error("data/projects.json, once released, is not the new one")
	}
	if b.Deferred("data/projects.json") != nil {
		t.Error("data/projects.json is still deferred after it was written")
	}
}

// staleOnce serves one file's old text to the next read only, as when an
// editor saves a template while a build is reading the source.
type staleOnce struct {
	fstest.MapFS
	name string
	old  []byte
}

func (s *staleOnce) ReadFile(name string) ([]byte, error) {
	if name == s.name && s.old != nil {
		old := s.old
		s.old = nil
		return old, nil
	}
	return s.MapFS.ReadFile(name)
}

// TestTemplateSavedDuringABuild: a build that read a template before it
// was saved again must not record the new text as built, or the rebuild
// the save triggers would skip every page.
func TestTemplateSavedDuringABuild(t *testing.T) {
	m := sampleSite(t)
	src := &staleOnce{MapFS: m}
	dir := t.TempDir()
	out, fresh := filepath.Join(dir, "out"), filepath.Join(dir, "fresh")
	b := NewBuilder(Config{Src: src, Out: out, Today: today})
	if _, err := b.Build(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	const name = "templates/entry.html"
	src.name, src.old = name, m[name].Data
	m[name] = &fstest.MapFile{Data: bytes.Replace(m[name].Data, []byte(`<article class="entry`), []byte(`<p hidden>saved</p><article class="entry`), 1)}
	if _, err := b.Build(context.Background(), []string{name}); err != nil { // reads the old text
		t.Fatal(err)
	}
	res, err := b.Build(context.Background(), []string{name}) // the save's own rebuild
	if err != nil {
		t.Fatal(err)
	}
	if !res.Full {
		t.Errorf("the rebuild after the template's save rendered %d files, not the whole site", res.Rendered)
	}
	if _, err := Build(context.Background(), Config{Src: m, Out: fresh, Today: today}); err != nil {
		t.Fatal(err)
	}
	for _, d := range treeDiff(t, out, fresh) {
		t.Error(d)
	}
}

// TestSymlinkAfterARebuild: an entry replaced by a symbolic link is refused
// by a rebuild as by a fresh build, though the file was known.
func TestSymlinkAfterARebuild(t *testing.T) {
	m := sampleSite(t)
	b := NewBuilder(Config{Src: m, Out: filepath.Join(t.TempDir(), "out"), Today: today})
	if _, err := b.Build(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	p := pick(m, rand.New(rand.NewPCG(1, 2)), func(p string) bool { return strings.HasPrefix(p, "content/partners/") && entryFile(p) })
	m[p] = &fstest.MapFile{Mode: fs.ModeSymlink, Data: []byte("../../../../etc/passwd")}
	_, err := b.Build(context.Background(), []string{p})
	if err == nil || !strings.Contains(err.Error(), "symbolic links are not followed") {
		t.Fatalf("rebuild with %s a symbolic link: %v, want the symlink refused", p, err)
	}
}

// TestRefusedLinkFailsTheRebuild adds a link to no entry to a body while
// files are deferred: the rebuild must fail as a fresh build does, and
// publish nothing. (Pages are never deferred, so the page that refuses the
// link is rendered before the rebuild returns.)
func TestRefusedLinkFailsTheRebuild(t *testing.T) {
	src, b, out, fresh := deferringBuilder(t)
	before := readTree(t, out)
	p := "content/projects/saindak-copper-gold.md"
	src[p].Data = append(bytes.Clone(src[p].Data), "\nSee [nothing](/projects/no-such-entry/).\n"...)
	var list entry.ErrorList
	if _, err := Build(context.Background(), Config{Src: src, Out: fresh, Today: today}); !errors.As(err, &list) {
		t.Fatalf("fresh build: %v, want a content error", err)
	}
	_, err := b.Build(context.Background(), []string{p})
	if werr := b.Wait(); werr != nil {
		t.Errorf("finishing deferred files: %v", werr)
	}
	if !errors.As(err, &list) {
		t.Errorf("rebuild: %v, want the content error a fresh build gives", err)
	}
	after := readTree(t, out)
	for name, data := range after {
		if !bytes.Equal(before[name], data) {
			t.Errorf("%s was published by a rebuild that failed", name)
		}
	}
}

// TestCardKeysFollowTheDay: a card fingerprint worked out one day is not
// reused the next, when the card may say something else (an incentive
// has expired overnight). Once the next day's build has shown it expired,
// an edit that moves its end date into the future again must update every
// list that shows its card, as a fresh build does.
func TestCardKeysFollowTheDay(t *testing.T) {
	src := sampleSite(t)
	p := pick(src, rand.New(rand.NewPCG(1, 2)), func(p string) bool { return entryFile(p) && validUntil.Match(src[p].Data) })
	if p == "" {
		t.Fatal("the sample has no incentive with an end date")
	}
	replaceIn(src, p, validUntil, `valid_until: "2026-12-31"`) // after today
	dir := t.TempDir()
	out, fresh := filepath.Join(dir, "out"), filepath.Join(dir, "fresh")
	b := NewBuilder(Config{Src: src, Out: out, Today: today})
	b.Lock = &sync.Mutex{}
	if _, err := b.Build(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	// The next build is on a later day, after the end date, for an edit
	// elsewhere.
	next := entry.Date{Year: 2027, Month: 1, Day: 15}
	b.cfg.Today = next
	q := pick(src, rand.New(rand.NewPCG(3, 4)), func(q string) bool { return entryFile(q) && q != p })
	src[q] = &fstest.MapFile{Data: append(bytes.Clone(src[q].Data), "\nA sentence of the new year.\n"...)}
	if _, err := b.Build(context.Background(), []string{q}); err != nil {
		t.Fatal(err)
	}
	changed := replaceIn(src, p, validUntil, `valid_until: "2030-12-31"`)
	if _, err := b.Build(context.Background(), changed); err != nil {
		t.Fatal(err)
	}
	b.Wait()
	if _, err := Build(context.Background(), Config{Src: src, Out: fresh, Today: next}); err != nil {
		t.Fatal(err)
	}
	for _, d := range treeDiff(t, out, fresh) {
		t.Error(d)
	}
}

// treeDiff says how the folder out differs from the fresh build in
// fresh: each file missing, different or left over.
func treeDiff(t *testing.T, out, fresh string) []string {
	t.Helper()
	got, want := readTree(t, out), readTree(t, fresh)
	var diffs []string
	for name, data := range want {
		if g, ok := got[name]; !ok {
			diffs = append(diffs, name+" is missing after the rebuild")
		} else if !bytes.Equal(g, data) {
			diffs = append(diffs, name+" differs from a fresh build")
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			diffs = append(diffs, name+" is left over from an earlier build")
		}
	}
	slices.Sort(diffs)
	return diffs
}
