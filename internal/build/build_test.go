package build

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/emine-dev/emine/internal/content"
	"github.com/emine-dev/emine/internal/entry"
	"github.com/emine-dev/emine/internal/linkcheck"
	"github.com/emine-dev/emine/internal/render"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

var today = entry.Date{Year: 2026, Month: 11, Day: 25}

// fixture returns the test site of testdata/site with the repository's own
// templates, static files and interface strings, so the golden files show
// what the real templates render.
func fixture(t testing.TB) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	add := func(root, prefix string) {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			m[path.Join(prefix, filepath.ToSlash(rel))] = &fstest.MapFile{Data: data}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	add("testdata/site", "")
	add("../../templates", "templates")
	add("../../static", "static")
	add("../../data/i18n", "data/i18n")
	return m
}

func build(t testing.TB, src fs.FS, out string, mod func(*Config)) (*Result, error) {
	t.Helper()
	cfg := Config{Src: src, Out: out, Today: today}
	if mod != nil {
		mod(&cfg)
	}
	return Build(context.Background(), cfg)
}

func readTree(t testing.TB, root string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// goldenFiles are compared byte for byte with testdata/golden; run
// `go test ./internal/build -update` to rewrite them, then review the diff.
var goldenFiles = []string{
	"index.html",
	"projects/index.html",
	"projects/copper-mine/index.html",
	"zh/projects/copper-mine/index.html",
	"ur/projects/copper-mine/index.html",
	"ur/projects/coal-field/index.html",
	"partners/acme/index.html",
	"incentives/tax-holiday/index.html",
	"minerals/copper/index.html",
	"about/index.html",
	"404.html",
	"feed.xml",
	"zh/feed.xml",
	"sitemap.xml",
	"robots.txt",
	"data/projects.json",
	"data/projects.csv",
}

func TestGolden(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build(t, fixture(t), out, func(c *Config) { c.NoMinify = true }); err != nil {
		t.Fatal(err)
	}
	for _, name := range goldenFiles {
		got, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Errorf("missing output %s", name)
			continue
		}
		golden := filepath.Join("testdata", "golden", filepath.FromSlash(name))
		if *update {
			os.MkdirAll(filepath.Dir(golden), 0o755)
			if err := os.WriteFile(golden, got, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run go test ./internal/build -update)", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s; run with -update and review the diff", name, golden)
		}
	}
}

func TestEveryPublishedPathExists(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	res, err := build(t, fixture(t), out, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"", "zh/", "ur/"} {
		for _, p := range []string{"index.html", "projects/index.html", "policies/index.html", "incentives/index.html",
			"partners/index.html", "projects/copper-mine/index.html", "projects/coal-field/index.html",
			"minerals/index.html", "minerals/copper/index.html", "provinces/sindh/index.html", "stages/exploration/index.html",
			"value-chain/financing/index.html", "search/index.html", "feed.xml", "about/index.html"} {
			if _, err := os.Stat(filepath.Join(out, lang+p)); err != nil {
				t.Errorf("missing %s%s", lang, p)
			}
		}
	}
	for _, p := range []string{"sitemap.xml", "404.html", "robots.txt", "data/partners.json", "data/partners.csv", ".emine-output"} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Errorf("missing %s", p)
		}
	}
	if css, _ := filepath.Glob(filepath.Join(out, "site.*.css")); len(css) != 1 {
		t.Errorf("fingerprinted stylesheet: %v", css)
	}
	if res.Pages == 0 || res.Files <= res.Pages {
		t.Errorf("result counts: %+v", res)
	}
}

func TestTwoBuildsGiveTheSameBytes(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	if _, err := build(t, fixture(t), a, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := build(t, fixture(t), b, nil); err != nil {
		t.Fatal(err)
	}
	ta, tb := readTree(t, a), readTree(t, b)
	if len(ta) != len(tb) {
		t.Fatalf("file counts differ: %d vs %d", len(ta), len(tb))
	}
	for name, data := range ta {
		if !bytes.Equal(data, tb[name]) {
			t.Errorf("%s differs between two builds", name)
		}
	}
}

// checkLinks asserts every relative link in every HTML page of out points at
// a file of out (and every fragment at an id), which is what makes the site
// work at any sub-path; in a portable build no link may end at a folder.
func checkLinks(t *testing.T, out string, portable bool) {
	t.Helper()
	for _, e := range linkcheck.Dir(out) {
		t.Errorf("%v", e)
	}
	if !portable {
		return
	}
	for name, data := range readTree(t, out) {
		if path.Ext(name) == ".html" && name != "404.html" && folderLink.Match(data) {
			t.Errorf("%s: portable build links to a folder: %s", name, folderLink.Find(data))
		}
	}
}

var folderLink = regexp.MustCompile(`href="[^":#?]*/"`)

func TestLinksResolve(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build(t, fixture(t), out, nil); err != nil {
		t.Fatal(err)
	}
	checkLinks(t, out, false)
}

func TestPortableLinksResolve(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build(t, fixture(t), out, func(c *Config) { c.Portable = true }); err != nil {
		t.Fatal(err)
	}
	checkLinks(t, out, true)
}

func TestFailedBuildLeavesOutputUntouched(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "public")
	src := fixture(t)
	if _, err := build(t, src, out, nil); err != nil {
		t.Fatal(err)
	}
	before := readTree(t, out)
	src["content/projects/copper-mine.md"].Data = bytes.Replace(src["content/projects/copper-mine.md"].Data, []byte("operator: acme"), []byte("operator: nobody"), 1)
	_, err := build(t, src, out, nil)
	var list entry.ErrorList
	if !errors.As(err, &list) || list[0].Pos.File != "content/projects/copper-mine.md" || list[0].Pos.Line != 11 {
		t.Fatalf("want a positioned error at copper-mine.md:11, got %v", err)
	}
	after := readTree(t, out)
	if len(after) != len(before) {
		t.Fatalf("output changed: %d files, was %d", len(after), len(before))
	}
	for name, data := range before {
		if !bytes.Equal(data, after[name]) {
			t.Errorf("%s changed after a failed build", name)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
}

func TestBrokenBodyLinkFailsTheBuild(t *testing.T) {
	src := fixture(t)
	src["content/partners/bank.md"].Data = append(src["content/partners/bank.md"].Data, []byte("\nSee [gone](/projects/gone/).\n")...)
	_, err := build(t, src, filepath.Join(t.TempDir(), "public"), nil)
	var list entry.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("want content errors, got %v", err)
	}
	if e := list[0]; e.Pos.File != "content/partners/bank.md" || e.Pos.Line != 11 || e.Rule != "link" {
		t.Errorf("got %v", list)
	}
}

func TestOutRefusesFoldersItDidNotWrite(t *testing.T) {
	dir := t.TempDir()
	foreign := filepath.Join(dir, "docs")
	os.Mkdir(foreign, 0o755)
	os.WriteFile(filepath.Join(foreign, "keep.txt"), []byte("precious"), 0o644)
	if _, err := build(t, fixture(t), foreign, nil); err == nil || !strings.Contains(err.Error(), "refusing") {
		t.Errorf("foreign folder: err = %v", err)
	}
	if data, _ := os.ReadFile(filepath.Join(foreign, "keep.txt")); string(data) != "precious" {
		t.Error("foreign folder was touched")
	}
	if _, err := build(t, fixture(t), dir, func(c *Config) { c.SrcDir = filepath.Join(dir, "site") }); err == nil {
		t.Error("an output folder containing the source was accepted")
	}
	if _, err := build(t, fixture(t), "/", nil); err == nil {
		t.Error("/ was accepted as output")
	}
	// An earlier output is replaced, and an empty folder is accepted.
	empty := filepath.Join(dir, "empty")
	os.Mkdir(empty, 0o755)
	if _, err := build(t, fixture(t), empty, nil); err != nil {
		t.Errorf("empty folder: %v", err)
	}
	if _, err := build(t, fixture(t), empty, nil); err != nil {
		t.Errorf("rebuild over earlier output: %v", err)
	}
}

func TestDuplicateOutputPathsAreRefused(t *testing.T) {
	src := fixture(t)
	src["static/robots.txt"] = &fstest.MapFile{Data: []byte("x")}
	_, err := build(t, src, filepath.Join(t.TempDir(), "public"), nil)
	if err == nil || !strings.Contains(err.Error(), "both write robots.txt") {
		t.Errorf("err = %v", err)
	}
}

// TestOneShotBuildStreamsOpenData checks that a build without a memo (emine
// build, which leaves the bodies in their files) hands each open-data file
// to be written as it is made, never making it whole in memory, and that
// the files are the bytes the memo of serve makes from held bodies.
func TestOneShotBuildStreamsOpenData(t *testing.T) {
	src := sampleSite(t)
	dataJobs := func(memo *render.Memo) []render.Job {
		var cache *content.Cache
		if memo != nil {
			cache = content.NewCache()
		}
		l, errs := load(Config{Src: src, Today: today}, newMinifier(false), false, cache, memo)
		if errs.HasErrors() {
			t.Fatal(errs)
		}
		var jobs []render.Job
		for _, j := range l.site.Jobs() {
			if strings.HasPrefix(j.Path, "data/") {
				jobs = append(jobs, j)
			}
		}
		if len(jobs) != 2*len(entry.Collections) {
			t.Fatalf("%d open-data files, want a JSON and a CSV file per collection", len(jobs))
		}
		return jobs
	}
	var mu sync.Mutex
	streamed := map[string][]byte{}
	whole := func(j render.Job, _ []byte) error {
		t.Errorf("%s was made whole in memory", j.Path)
		return nil
	}
	stream := func(j render.Job) (int64, error) {
		var b bytes.Buffer
		err := j.Stream(&b)
		mu.Lock()
		streamed[j.Path] = b.Bytes()
		mu.Unlock()
		return int64(b.Len()), err
	}
	if _, err := renderEach(context.Background(), dataJobs(nil), newMinifier(false), &Result{}, whole, stream); err != nil {
		t.Fatal(err)
	}
	for _, j := range dataJobs(render.NewMemo()) {
		if j.Stream != nil {
			t.Errorf("%s streams although the memo keeps it for the next build", j.Path)
		}
		want, err := j.Data()
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := streamed[j.Path]; !ok || !bytes.Equal(got, want) {
			t.Errorf("%s streamed (%d bytes) differs from the memo's (%d bytes)", j.Path, len(got), len(want))
		}
	}
}

// TestBodyChangedDuringBuildFails changes an entry's file after a one-shot
// build has loaded it (and left its body in the file): rendering its page
// and indexing it must fail with an error at that file, rather than
// publish text that was never checked, or the old text beside the new.
func TestBodyChangedDuringBuildFails(t *testing.T) {
	src := sampleSite(t)
	l, errs := load(Config{Src: src, Today: today}, newMinifier(false), false, nil, nil)
	if errs.HasErrors() {
		t.Fatal(errs)
	}
	var job render.Job
	for _, j := range l.site.Jobs() {
		if j.Entry != nil && j.Entry.Left.At > 0 {
			job = j
			break
		}
	}
	if job.Entry == nil {
		t.Fatal("no entry page whose body was left in its file")
	}
	file := job.Entry.File
	src[file] = &fstest.MapFile{Data: append(bytes.Clone(src[file].Data), "\nA sentence added.\n"...)}
	_, err := job.Render(&bytes.Buffer{})
	var list entry.ErrorList
	if !errors.As(err, &list) || len(list) == 0 || list[0].Pos.File != file || !strings.Contains(list[0].Msg, "changed") {
		t.Errorf("rendering %s after its file changed: %v, want an error at %s", job.Path, err, file)
	}
	if err := l.index(); !errors.As(err, &list) || list[0].Pos.File != file {
		t.Errorf("indexing after %s changed: %v, want an error at it", file, err)
	}
	data := "data/" + string(job.Entry.Collection) + ".json"
	for _, j := range l.site.Jobs() {
		if j.Path == data {
			if err := j.Stream(io.Discard); !errors.As(err, &list) || list[0].Pos.File != file {
				t.Errorf("writing %s after %s changed: %v, want an error at it", data, file, err)
			}
		}
	}
}
