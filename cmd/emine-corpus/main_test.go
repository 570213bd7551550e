package main

import (
	"bytes"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/emine-dev/emine/internal/content"
	"github.com/emine-dev/emine/internal/entry"
)

// testN is the size of the corpus the tests generate.
const testN = 200

var (
	shared     struct{ root, dir string }
	sharedOnce sync.Once
	sharedErr  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.root != "" {
		os.RemoveAll(shared.root)
	}
	os.Exit(code)
}

// corpus returns a folder holding a -hugo corpus of testN entries, generated
// once for all tests.
func corpus(t *testing.T) string {
	t.Helper()
	sharedOnce.Do(func() {
		root, err := os.MkdirTemp("", "emine-corpus-test")
		if err != nil {
			sharedErr = err.Error()
			return
		}
		shared.root, shared.dir = root, filepath.Join(root, "site")
		var out, errb bytes.Buffer
		if code := run([]string{"-n", "200", "-out", shared.dir, "-hugo", "-site-from", "../.."}, &out, &errb); code != exitOK {
			sharedErr = errb.String()
		}
	})
	if sharedErr != "" {
		t.Fatalf("generate: %s", sharedErr)
	}
	return shared.dir
}

// tree reads every file under dir, keyed by slash path.
func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)], err = os.ReadFile(p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func TestSameSeedGivesSameBytes(t *testing.T) {
	a := tree(t, corpus(t))
	other := filepath.Join(t.TempDir(), "again")
	var out, errb bytes.Buffer
	if code := run([]string{"-n", "200", "-out", other, "-hugo", "-site-from", "../.."}, &out, &errb); code != exitOK {
		t.Fatalf("second run: exit %d: %s", code, errb.String())
	}
	b := tree(t, other)
	if len(a) != len(b) {
		t.Fatalf("first run wrote %d files, second %d", len(a), len(b))
	}
	for p, data := range a {
		if !bytes.Equal(data, b[p]) {
			t.Errorf("%s differs between two runs with the same seed", p)
		}
	}

	third := filepath.Join(t.TempDir(), "seed2")
	if code := run([]string{"-n", "200", "-out", third, "-seed", "2", "-site-from", "../.."}, &out, &errb); code != exitOK {
		t.Fatalf("seed 2: exit %d: %s", code, errb.String())
	}
	same := 0
	c := tree(t, third)
	for p, data := range c {
		if strings.HasPrefix(p, "content/") && bytes.Equal(data, a[p]) {
			same++
		}
	}
	if same > 0 {
		t.Errorf("seed 2 wrote %d content files identical to seed 1's", same)
	}
}

func TestMix(t *testing.T) {
	files := tree(t, corpus(t))
	count := map[string]int{}
	translations := 0
	for p := range files {
		parts := strings.Split(p, "/")
		if parts[0] != "content" {
			continue
		}
		if strings.HasSuffix(p, ".zh.md") {
			translations++
			continue
		}
		count[parts[1]]++
	}
	want := map[string]float64{"projects": 0.6, "partners": 0.2, "policies": 0.1, "incentives": 0.1}
	total := 0
	for c, share := range want {
		total += count[c]
		if got := float64(count[c]) / testN; got < share-0.02 || got > share+0.02 {
			t.Errorf("%s: %d of %d entries (%.2f), want about %.2f", c, count[c], testN, got, share)
		}
	}
	if total != testN {
		t.Errorf("wrote %d entries, want %d", total, testN)
	}
	if got := float64(translations) / testN; got < 0.18 || got > 0.22 {
		t.Errorf("%d translations for %d entries, want about a fifth", translations, testN)
	}
}

// siteLink matches a Markdown link to an entry of the site.
var siteLink = regexp.MustCompile(`\]\(/(projects|policies|incentives|partners)/([a-z0-9-]+)/\)`)

func TestLoadsWithoutProblems(t *testing.T) {
	dir := corpus(t)
	d, errs := content.Load(os.DirFS(dir), content.Options{Today: entry.Date{Year: 2026, Month: 11, Day: 1}})
	for _, e := range errs {
		t.Errorf("%v", e)
	}
	n, translated := 0, 0
	for _, c := range entry.Collections {
		for _, e := range d.Entries[c] {
			n++
			if e.Translations["zh"] != nil {
				translated++
			}
			if len(e.Sources) == 0 {
				t.Errorf("%s has no sources", e.File)
			}
			bodies := []string{e.Body}
			if tr := e.Translations["zh"]; tr != nil {
				bodies = append(bodies, tr.Body)
			}
			for _, body := range bodies {
				for _, m := range siteLink.FindAllStringSubmatch(body, -1) {
					if d.Lookup(entry.Collection(m[1]), m[2]) == nil {
						t.Errorf("%s links to /%s/%s/, which does not exist", e.File, m[1], m[2])
					}
				}
			}
			if w := countWords(e.Body); w < minWords || w > maxWords {
				t.Errorf("%s: body of %d words, want %d to %d", e.File, w, minWords, maxWords)
			}
		}
	}
	if n != testN || translated != (testN+4)/5 {
		t.Errorf("loaded %d entries with %d translations, want %d with %d", n, translated, testN, (testN+4)/5)
	}
}

func TestEmbeddedDataMatchesRepository(t *testing.T) {
	err := fs.WalkDir(sitedata, "sitedata", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		embedded, _ := sitedata.ReadFile(p)
		repo, err := os.ReadFile(filepath.Join("../../data", strings.TrimPrefix(p, "sitedata/")))
		if err != nil || !bytes.Equal(embedded, repo) {
			t.Errorf("%s differs from the repository's data/ (%v); run go generate ./cmd/emine-corpus", p, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestHugoBuildsTheCorpus(t *testing.T) {
	dir := corpus(t)
	for _, f := range []string{"hugo.toml", "layouts/_default/single.html", "layouts/index.html"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("-hugo did not write %s", f)
		}
	}
	hugo, err := exec.LookPath("hugo")
	if err != nil {
		t.Skip("hugo is not installed (apt-get install hugo)")
	}
	out := filepath.Join(t.TempDir(), "public")
	cmd := exec.Command(hugo, "--quiet", "-s", dir, "-d", out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("hugo: %v\n%s", err, msg)
	}
	for _, f := range []string{"index.html", "zh/index.html", "projects/index.html", "projects/page/2/index.html",
		"minerals/copper/index.html", "index.xml", "sitemap.xml"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Errorf("hugo did not write %s", f)
		}
	}

	// hugo-trees.toml: every entry in all three languages, as emine
	// renders them.
	trees := filepath.Join(t.TempDir(), "trees")
	cmd = exec.Command(hugo, "--quiet", "-s", dir, "--config", "hugo-trees.toml", "-d", trees)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("hugo --config hugo-trees.toml: %v\n%s", err, msg)
	}
	translated, untranslated := 0, 0
	for _, c := range entry.Collections {
		names, _ := filepath.Glob(filepath.Join(dir, "content", string(c), "*.md"))
		for _, name := range names {
			slug, lang, _ := strings.Cut(strings.TrimSuffix(filepath.Base(name), ".md"), ".")
			if lang != "" {
				continue
			}
			_, err := os.Stat(filepath.Join(dir, "content", string(c), slug+".zh.md"))
			isTranslated := err == nil
			for _, l := range []string{"", "zh/", "ur/"} {
				page, err := os.ReadFile(filepath.Join(trees, l+string(c), slug, "index.html"))
				if err != nil {
					t.Errorf("hugo-trees.toml: no %s%s/%s/ page: %v", l, c, slug, err)
					continue
				}
				notice := bytes.Contains(page, []byte("not been translated"))
				if want := l == "ur/" || l == "zh/" && !isTranslated; notice != want {
					t.Errorf("%s%s/%s/: untranslated notice %v, want %v", l, c, slug, notice, want)
				}
			}
			if isTranslated {
				translated++
			} else {
				untranslated++
			}
		}
	}
	if translated == 0 || untranslated == 0 {
		t.Errorf("hugo-trees.toml checked %d translated and %d untranslated entries, want some of each", translated, untranslated)
	}
}

// TestTreePage checks the pages hugo-trees/ holds: a translation's fields
// and body laid over the entry's front matter, or the entry marked
// untranslated.
func TestTreePage(t *testing.T) {
	en := []byte("---\ntitle: \"Saindak\"\nsummary: \"A copper mine.\"\nminerals: [copper, gold]\nupdated: \"2024-01-02\"\n---\nEnglish body.\n")
	zh := []byte("---\ntitle: \"山达克\"\nsummary: \"铜矿。\"\nupdated: \"2024-02-03\"\n---\n中文正文。\n")
	got, err := treePage(en, zh)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"title: \"山达克\"", "summary: \"铜矿。\"", "minerals: [copper, gold]", "updated: \"2024-02-03\"", "---\n中文正文。\n"} {
		if !bytes.Contains(got, []byte(want)) {
			t.Errorf("translated page lacks %q:\n%s", want, got)
		}
	}
	if bytes.Contains(got, []byte("English body")) || bytes.Contains(got, []byte("untranslated")) {
		t.Errorf("translated page keeps the English body or is marked untranslated:\n%s", got)
	}
	got, err = treePage(en, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"title: \"Saindak\"", "minerals: [copper, gold]", "untranslated: true", "---\nEnglish body.\n"} {
		if !bytes.Contains(got, []byte(want)) {
			t.Errorf("untranslated page lacks %q:\n%s", want, got)
		}
	}
	if _, err := treePage([]byte("no front matter"), nil); err == nil {
		t.Error("a file without front matter gave no error")
	}
}

func TestUsage(t *testing.T) {
	full := t.TempDir()
	os.WriteFile(filepath.Join(full, "x"), nil, 0o644)
	for _, tc := range []struct {
		name string
		args []string
		code int
	}{
		{"no out", []string{"-n", "20"}, exitUsage},
		{"too few", []string{"-n", "5", "-out", t.TempDir()}, exitUsage},
		{"extra argument", []string{"-out", t.TempDir(), "more"}, exitUsage},
		{"not empty", []string{"-n", "20", "-out", full, "-site-from", "../.."}, exitFail},
		{"help", []string{"-h"}, exitOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := run(tc.args, &out, &errb); code != tc.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tc.code, errb.String())
			}
		})
	}
}
