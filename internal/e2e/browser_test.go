package e2e

import (
	"context"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/emine-dev/emine/internal/build"
	"github.com/emine-dev/emine/internal/entry"
)

// chromiumPath finds the browser; the tests fail (they do not skip) when it
// is missing, because CI installs it.
func chromiumPath(t testing.TB) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("no chromium on PATH: install Debian's chromium (apt-get install -y chromium), as .ci/run does")
	return ""
}

// browser starts a headless Chromium and returns a context for chromedp.
func browser(t testing.TB) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("allow-file-access-from-files", false),
		// Back loads the page again rather than restoring it from the
		// back-forward cache, so a test sees what its URL gives.
		chromedp.Flag("disable-features", "Translate,BlinkGenPropertyTrees,BackForwardCache"),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	t.Cleanup(func() { cancelC(); cancelA() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// site builds the repository's sample directory into a temporary folder.
func site(t *testing.T, portable bool) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	_, err := build.Build(context.Background(), build.Config{
		Src: os.DirFS("../.."), SrcDir: "../..", Out: out, Portable: portable,
		Today: entry.Date{Year: 2026, Month: 11, Day: 25},
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// serve serves dir on a loopback port under a sub-path, as a host might.
func serve(t testing.TB, dir, prefix string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle(prefix, http.StripPrefix(strings.TrimSuffix(prefix, "/"), http.FileServer(http.Dir(dir))))
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String() + prefix
}

// eval runs JavaScript in the page and returns its value.
func eval[T any](t testing.TB, ctx context.Context, js string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

func do(t testing.TB, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// waitFor polls a JavaScript condition until it is true.
func waitFor(t testing.TB, ctx context.Context, cond string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !eval[bool](t, ctx, "!!("+cond+")") {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s (status: %q %q)", cond, eval[string](t, ctx, `(document.getElementById('search-status')||{}).textContent||''`), eval[string](t, ctx, `(document.querySelector('[data-search]')||{getAttribute(){return ''}}).getAttribute('data-error')||''`))
		}
		time.Sleep(40 * time.Millisecond)
	}
}

// settled is true once the page has rendered the results of the state in
// its URL.
const settled = `document.querySelector('[data-search]').getAttribute('data-done') === location.search`

const (
	resultCount = `document.querySelectorAll('#search-results li').length`
	firstTitle  = `(document.querySelector('#search-results li h3')||{}).textContent||''`
	firstHref   = `(document.querySelector('#search-results li h3 a')||{getAttribute(){return ''}}).getAttribute('href')`
)

func count(facet, value string) string {
	return `document.querySelector('input[name=` + facet + `][value=` + value + `]').parentNode.querySelector('[data-count]').textContent`
}

func TestSearchOverHTTP(t *testing.T) {
	base := serve(t, site(t, false), "/some/path/")
	ctx := browser(t)
	do(t, ctx, chromedp.Navigate(base+"search/"), chromedp.WaitVisible(`#q`), chromedp.SendKeys(`#q`, "saindak"))
	waitFor(t, ctx, `location.search === '?q=saindak' && `+settled)
	if got := eval[string](t, ctx, firstTitle); !strings.Contains(got, "Saindak") {
		t.Errorf("first result %q, want the Saindak project", got)
	}
	if eval[int](t, ctx, `document.querySelectorAll('#search-results mark').length`) == 0 {
		t.Error("no highlighted matches")
	}
	n1 := eval[int](t, ctx, resultCount)
	partnersBefore := eval[string](t, ctx, count("collection", "partners"))
	do(t, ctx, chromedp.Click(`details:has(input[name=kind]) summary`))
	waitFor(t, ctx, `document.querySelector('details:has(input[name=kind])').open && `+settled)
	stateOwnedBefore := eval[string](t, ctx, count("kind", "state-owned"))
	do(t, ctx, chromedp.Click(`input[name=collection][value=projects]`))
	waitFor(t, ctx, `location.search.includes('collection=projects') && `+settled)
	if got := eval[string](t, ctx, count("collection", "partners")); got != partnersBefore {
		t.Errorf("OR within a facet: partners count changed %s → %s", partnersBefore, got)
	}
	// AND across facets: partners' kinds drop out once only projects count.
	if got := eval[string](t, ctx, count("kind", "state-owned")); stateOwnedBefore == "0" || got != "0" {
		t.Errorf("state-owned count %s → %s, want it to fall to 0", stateOwnedBefore, got)
	}
	do(t, ctx, chromedp.NavigateBack())
	waitFor(t, ctx, `!location.search.includes('collection=') && `+settled)
	if got := eval[int](t, ctx, resultCount); got != n1 {
		t.Errorf("after Back: %d results, want %d", got, n1)
	}
	if eval[bool](t, ctx, `document.querySelector('input[name=collection][value=projects]').checked`) {
		t.Error("Back left the facet ticked")
	}
	// Keyboard: arrow down from the box focuses the first result, Enter
	// opens it. The query was typed just before, so its address is still
	// waiting to be written: following the result writes it, and Back
	// comes back to it.
	do(t, ctx, chromedp.Focus(`#q`), chromedp.SendKeys(`#q`, " gold"))
	waitFor(t, ctx, `document.querySelector('[data-search]').getAttribute('data-want') === '?q=saindak+gold'`)
	do(t, ctx, chromedp.KeyEvent(kb.ArrowDown))
	if eval[string](t, ctx, `document.activeElement.closest('#search-results') ? 'in' : 'out'`) != "in" {
		t.Error("ArrowDown did not move focus into the results")
	}
	do(t, ctx, chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(`.entry-facts`))
	if url := eval[string](t, ctx, `location.href`); !strings.HasPrefix(url, base) || !strings.Contains(url, "/projects/saindak-copper-gold/") {
		t.Errorf("result opened %s", url)
	}
	do(t, ctx, chromedp.NavigateBack())
	waitFor(t, ctx, `!!document.querySelector('[data-search]') && `+settled)
	if got := eval[string](t, ctx, `location.search + ' ' + document.querySelector('#q').value`); got != "?q=saindak+gold saindak gold" {
		t.Errorf("Back from the result: address and box %q, want the query typed last", got)
	}
}

func strconvItoa(n int) string { return strconv.Itoa(n) }

func TestSearchFacetsFromURL(t *testing.T) {
	base := serve(t, site(t, false), "/")
	ctx := browser(t)
	do(t, ctx, chromedp.Navigate(base+"search/?province=balochistan&collection=projects"))
	waitFor(t, ctx, settled+` && `+resultCount+` > 0`)
	if !eval[bool](t, ctx, `document.querySelector('input[name=province][value=balochistan]').checked`) {
		t.Error("facet from the URL not ticked")
	}
	hrefs := eval[[]string](t, ctx, `Array.from(document.querySelectorAll('#search-results h3 a')).map(a => a.getAttribute('href'))`)
	for _, h := range hrefs {
		for _, outside := range []string{"khewra", "thar-coal", "chiniot", "lakhra", "swat", "gilgit"} {
			if strings.Contains(h, outside) {
				t.Errorf("result outside Balochistan: %s", h)
			}
		}
	}
	if want := eval[string](t, ctx, count("province", "balochistan")); want != strconvItoa(len(hrefs)) {
		t.Errorf("%d results, facet count says %s", len(hrefs), want)
	}
}

func TestSearchChineseAndUrdu(t *testing.T) {
	base := serve(t, site(t, false), "/")
	ctx := browser(t)
	cases := []struct{ url, want string }{
		{"zh/search/?q=山达克", "山达克"},
		{"zh/search/?q=铜金", "铜金"},
		{"zh/search/?q=barrick", "Barrick"},
		{"ur/search/?q=سینڈک", "سینڈک"},
		{"search/?q=smelt", "Saindak"},
		{"search/?q=saindk", "Saindak"},
	}
	for _, c := range cases {
		do(t, ctx, chromedp.Navigate(base+c.url))
		waitFor(t, ctx, settled+` && `+resultCount+` > 0`)
		if got := eval[string](t, ctx, `document.getElementById('search-results').textContent`); !strings.Contains(got, c.want) {
			t.Errorf("%s: results lack %q", c.url, c.want)
		}
		if lang := eval[string](t, ctx, firstHref); strings.HasPrefix(c.url, "zh/") && strings.Contains(lang, "/zh/") {
			t.Errorf("%s: result link %q should stay in the zh tree relatively", c.url, lang)
		}
	}
}

func TestSearchPortableFromDisk(t *testing.T) {
	dir := site(t, true)
	ctx := browser(t)
	do(t, ctx, chromedp.Navigate("file://"+filepath.Join(dir, "search", "index.html")+"?q=duddar"))
	waitFor(t, ctx, settled+` && `+resultCount+` > 0`)
	if href := eval[string](t, ctx, firstHref); !strings.HasSuffix(href, "/duddar-lead-zinc/index.html") {
		t.Errorf("portable result link %q", href)
	}
	do(t, ctx, chromedp.Click(`#search-results li:first-child h3 a`), chromedp.WaitVisible(`.entry-facts`))
}

func TestListPageSearchAsYouType(t *testing.T) {
	base := serve(t, site(t, false), "/")
	ctx := browser(t)
	do(t, ctx, chromedp.Navigate(base+"partners/"), chromedp.WaitVisible(`#q`))
	if n := eval[int](t, ctx, `performance.getEntriesByType('resource').filter(e => e.name.includes('/search/idx/')).length`); n != 0 {
		t.Errorf("the list page loaded %d index files before anyone typed", n)
	}
	do(t, ctx, chromedp.SendKeys(`#q`, "MCC"))
	waitFor(t, ctx, `location.search === '?q=MCC' && `+settled+` && `+resultCount+` > 0`)
	if !eval[bool](t, ctx, `document.querySelector('[data-static]').hidden`) {
		t.Error("the static list is still shown under the results")
	}
	for _, h := range eval[[]string](t, ctx, `Array.from(document.querySelectorAll('#search-results h3 a')).map(a => a.getAttribute('href'))`) {
		if !strings.Contains(h, "partners/") {
			t.Errorf("a result outside the partners list: %s", h)
		}
	}
	do(t, ctx, chromedp.Focus(`#q`), chromedp.KeyEvent(kb.Escape))
	waitFor(t, ctx, `!document.querySelector('[data-static]').hidden`)
}

// TestHostilePagesRunNoContentScript opens the pages of the hostile corpus
// (internal/build/testdata/hostile) and searches for its payloads: no
// content script runs (a dialog would block the page and time this test
// out; the payloads that set window.pwned leave it unset).
func TestHostilePagesRunNoContentScript(t *testing.T) {
	src := filepath.Join(t.TempDir(), "site")
	for _, c := range [][2]string{{"../build/testdata/site", ""}, {"../build/testdata/hostile/content/partners", "content/partners"},
		{"../build/testdata/hostile/content/projects", "content/projects"}, {"../../templates", "templates"}, {"../../static", "static"}, {"../../data/i18n", "data/i18n"}} {
		if err := os.CopyFS(filepath.Join(src, c[1]), os.DirFS(c[0])); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "public")
	if _, err := build.Build(context.Background(), build.Config{Src: os.DirFS(src), Out: out, Today: entry.Date{Year: 2026, Month: 11, Day: 25}}); err != nil {
		t.Fatal(err)
	}
	base := serve(t, out, "/")
	ctx := browser(t)
	for _, p := range []string{"partners/evil/", "zh/partners/evil/", "ur/partners/evil/", "projects/plain/", "partners/", "", "search/?q=script", "search/?q=evil"} {
		do(t, ctx, chromedp.Navigate(base+p))
		if strings.HasPrefix(p, "search/") {
			waitFor(t, ctx, settled+` && `+resultCount+` > 0`)
		}
		if got := eval[string](t, ctx, `String(window.pwned)`); got != "undefined" {
			t.Errorf("%s: content script ran (pwned = %s)", p, got)
		}
		if n := eval[int](t, ctx, `document.querySelectorAll('iframe, main style, [onerror], [onclick], [onload], [onmouseover]').length`); n != 0 {
			t.Errorf("%s: %d elements from content", p, n)
		}
	}
}

// TestUnknownWordFindsNothing: every word of a query is required, so a
// word that matches nothing empties the results rather than being ignored.
func TestUnknownWordFindsNothing(t *testing.T) {
	base := serve(t, site(t, false), "/")
	ctx := browser(t)
	do(t, ctx, chromedp.Navigate(base+"search/?q=saindak"))
	waitFor(t, ctx, settled+` && `+resultCount+` > 0`)
	do(t, ctx, chromedp.Navigate(base+"search/?q=saindak+xyzzyq"))
	waitFor(t, ctx, settled)
	if n := eval[int](t, ctx, resultCount); n != 0 {
		t.Errorf("%d results for a query with a word found nowhere", n)
	}
}
