package build

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/html"

	"github.com/emine-dev/emine/internal/entry"
)

// hostile returns the fixture site with the files of testdata/<dir> laid
// over it.
func hostile(t *testing.T, dir string) fstest.MapFS {
	t.Helper()
	m := fixture(t)
	root := filepath.Join("testdata", dir)
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(root, p)
			m[filepath.ToSlash(rel)] = &fstest.MapFile{Data: data}
		}
		return err
	})
	return m
}

// TestRejectedContent: every unsafe URL in testdata/rejected is refused by
// check, each at its line and column.
func TestRejectedContent(t *testing.T) {
	errs := Check(Config{Src: hostile(t, "rejected"), Today: today})
	var got []string
	for _, e := range errs {
		if e.Severity == entry.SeverityError {
			got = append(got, fmt.Sprintf("%d:%d %s", e.Pos.Line, e.Pos.Col, e.Rule))
		}
	}
	want := []string{"7:10 url", "8:16 url", "8:46 email", "11:10 url", "13:5 link", "13:36 link", "16:8 link"}
	if strings.Join(got, " | ") != strings.Join(want, " | ") {
		t.Errorf("got  %s\nwant %s\n%v", strings.Join(got, " | "), strings.Join(want, " | "), errs)
	}
}

// TestHostileContentIsInert builds testdata/hostile and asserts that no
// page carries a script, event handler, frame or style from content, and
// that the payloads appear only as escaped text.
func TestHostileContentIsInert(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build(t, hostile(t, "hostile"), out, nil); err != nil {
		t.Fatal(err)
	}
	for name, data := range readTree(t, out) {
		if filepath.Ext(name) != ".html" {
			continue
		}
		for _, problem := range unsafeHTML(data) {
			t.Errorf("%s: %s", name, problem)
		}
	}
	page, _ := os.ReadFile(filepath.Join(out, "partners/evil/index.html"))
	if !strings.Contains(string(page), "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Evil &amp; Co") {
		t.Error("the hostile title is not shown escaped")
	}
}

// unsafeHTML tokenizes a page and lists what could run script: an event
// handler attribute, a script element that is neither ours (src) nor data
// (application/json), a frame or style element, a javascript: URL or a
// value html/template refused.
func unsafeHTML(page []byte) []string {
	var out []string
	l := html.NewLexer(parse.NewInputBytes(page))
	tag, scriptOK := "", false
	for {
		tt, data := l.Next()
		switch tt {
		case html.ErrorToken:
			return out
		case html.StartTagToken:
			tag = strings.ToLower(string(l.Text()))
			scriptOK = false
			if tag == "iframe" || tag == "style" || tag == "object" || tag == "embed" {
				out = append(out, "element <"+tag+">")
			}
		case html.AttributeToken:
			key := strings.ToLower(string(l.Text()))
			val := strings.ToLower(strings.Trim(string(l.AttrVal()), `"'`))
			if strings.HasPrefix(key, "on") {
				out = append(out, "event handler "+string(data))
			}
			if (key == "href" || key == "src" || key == "action") && (strings.HasPrefix(strings.TrimSpace(val), "javascript:") || strings.Contains(val, "zgotmplz")) {
				out = append(out, "unsafe URL "+string(data))
			}
			if tag == "script" && (key == "src" || (key == "type" && val == "application/json")) {
				scriptOK = true
			}
		case html.StartTagCloseToken:
			if tag == "script" && !scriptOK {
				out = append(out, "inline script")
			}
		}
	}
}

// TestPathologicalInputFinishes: deeply nested Markdown and YAML finish
// quickly, with an error where they cannot be read.
// TestPathologicalInputFinishes feeds the checker bodies built to make
// Markdown parsers go quadratic. It bounds work, not time (a timed test
// fails on a loaded machine): the memory allocated for a body twice as
// long must stay under three times that for the body itself, where linear
// work gives two and quadratic work four.
func TestPathologicalInputFinishes(t *testing.T) {
	bodies := map[string]func(n int) string{
		"brackets": func(n int) string { return strings.Repeat("[", 2*n) },
		"quotes":   func(n int) string { return strings.Repeat("> ", n) + "x" },
		"lists":    func(n int) string { return strings.Repeat("- ", n) + "x" },
		"emphasis": func(n int) string { return strings.Repeat("*a ", n) + strings.Repeat("a* ", n) },
		"links":    func(n int) string { return strings.Repeat("[a](", n) },
	}
	allocated := func(body string) uint64 {
		src := fixture(t)
		src["content/partners/bank.md"].Data = append(src["content/partners/bank.md"].Data, body...)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		Check(Config{Src: src, Today: today})
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			base := allocated("")
			one, two := allocated(body(10000))-base, allocated(body(20000))-base
			t.Logf("%d → %d bytes allocated", one, two)
			if two > 3*one {
				t.Errorf("a body twice as long allocated %.1f times as much (%d → %d bytes): more than linear", float64(two)/float64(one), one, two)
			}
		})
	}
	src := fixture(t)
	src["content/partners/deep.md"] = &fstest.MapFile{Data: []byte("---\ntitle: " + strings.Repeat("[", 20000) + "\n---\n")}
	if errs := Check(Config{Src: src, Today: today}); !errs.HasErrors() {
		t.Error("deep YAML: no error")
	}
}

func TestUnsafeHTMLSeesUnsafeMarkup(t *testing.T) {
	bad := `<img src=x onerror=alert(1)><script>alert(2)</script><a href=" javascript:alert(3)">a</a><iframe></iframe><a href="#ZgotmplZ">z</a>`
	if got := unsafeHTML([]byte(bad)); len(got) != 5 {
		t.Errorf("found %d of 5: %q", len(got), got)
	}
	good := `<script src="search.js" defer></script><script type="application/json" id="l">{"a":"&lt;"}</script><p title="onerror=x">&lt;img onerror=x&gt;</p>`
	if got := unsafeHTML([]byte(good)); len(got) != 0 {
		t.Errorf("false alarms: %q", got)
	}
}

var fingerprint = regexp.MustCompile(`\.[0-9a-f]{10}(\.(?:css|js))$`)

// textAndLinks reads a page as a reader and a crawler would: its text
// (white space folded) and its href and src values in order.
func textAndLinks(page []byte) (string, []string) {
	var text strings.Builder
	var links []string
	l := html.NewLexer(parse.NewInputBytes(page))
	for {
		tt, data := l.Next()
		switch tt {
		case html.ErrorToken:
			return strings.Join(strings.Fields(text.String()), " "), links
		case html.TextToken:
			text.Write(data)
			text.WriteByte(' ')
		case html.AttributeToken:
			if k := strings.ToLower(string(l.Text())); k == "href" || k == "src" {
				// A fingerprint differs with minification by design.
				links = append(links, fingerprint.ReplaceAllString(strings.Trim(string(l.AttrVal()), `"'`), ".$1"))
			}
		}
	}
}

// TestMinifiedPagesSayTheSame builds the fixture with and without
// minification: every page has the same text and the same links.
func TestMinifiedPagesSayTheSame(t *testing.T) {
	dir := t.TempDir()
	plain, min := filepath.Join(dir, "plain"), filepath.Join(dir, "min")
	if _, err := build(t, fixture(t), plain, func(c *Config) { c.NoMinify = true }); err != nil {
		t.Fatal(err)
	}
	if _, err := build(t, fixture(t), min, nil); err != nil {
		t.Fatal(err)
	}
	a, b := readTree(t, plain), readTree(t, min)
	pages := 0
	for name, data := range a {
		if filepath.Ext(name) != ".html" {
			continue
		}
		pages++
		ta, la := textAndLinks(data)
		tb, lb := textAndLinks(b[name])
		if ta != tb {
			t.Errorf("%s: text differs after minification", name)
		}
		if strings.Join(la, " ") != strings.Join(lb, " ") {
			t.Errorf("%s: links differ after minification:\n%v\n%v", name, la, lb)
		}
	}
	if pages < 50 {
		t.Errorf("only %d pages compared", pages)
	}
}
