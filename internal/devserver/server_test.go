package devserver

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emine-dev/emine/internal/build"
)

// site copies the build package's fixture site, with the repository's
// templates, static files and interface strings, into a temporary folder.
func site(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "site")
	copies := map[string]string{"../build/testdata/site": "", "../../templates": "templates", "../../static": "static", "../../data/i18n": "data/i18n"}
	for from, to := range copies {
		if err := os.CopyFS(filepath.Join(dir, to), os.DirFS(from)); err != nil && !os.IsExist(err) {
			t.Fatal(err)
		}
	}
	return dir
}

type events struct {
	lines chan string
}

// start runs a server on a loopback port and subscribes to its events.
func start(t testing.TB, src string) (*Server, string, *events) {
	t.Helper()
	s, err := New(Config{Src: src, Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("shutdown: %v", err)
		}
	})
	base := "http://" + s.Addr()
	resp, err := http.Get(base + "/__emine/events")
	if err != nil {
		t.Fatal(err)
	}
	ev := &events{lines: make(chan string, 64)}
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "event: ") {
				ev.lines <- strings.TrimPrefix(sc.Text(), "event: ")
			}
		}
	}()
	time.Sleep(100 * time.Millisecond) // let the watcher start
	return s, base, ev
}

func (e *events) next(t testing.TB) string {
	t.Helper()
	select {
	case ev := <-e.lines:
		return ev
	case <-time.After(15 * time.Second):
		t.Fatal("no event after a change")
	}
	return ""
}

// none asserts that no further event comes, so a burst made one rebuild.
func (e *events) none(t *testing.T) {
	t.Helper()
	select {
	case ev := <-e.lines:
		t.Fatalf("an extra %q event: one burst rebuilt twice", ev)
	case <-time.After(600 * time.Millisecond):
	}
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestSavePatternsRebuildOnce(t *testing.T) {
	src := site(t)
	_, base, ev := start(t, src)
	entryFile := filepath.Join(src, "content/partners/bank.md")
	edit := func(old, new string) []byte {
		data, _ := os.ReadFile(entryFile)
		return bytes.Replace(data, []byte(old), []byte(new), 1)
	}
	steps := []struct {
		name  string
		do    func()
		title string
	}{
		{"write in place", func() { os.WriteFile(entryFile, edit("Example Bank", "Bank One"), 0o644) }, "Bank One"},
		{"temporary file renamed over", func() {
			tmp := filepath.Join(filepath.Dir(entryFile), ".bank.md.tmp123")
			os.WriteFile(tmp, edit("Bank One", "Bank Two"), 0o644)
			os.Rename(tmp, entryFile)
		}, "Bank Two"},
		{"vim backup and replace", func() {
			data := edit("Bank Two", "Bank Three")
			os.Rename(entryFile, entryFile+"~")
			os.WriteFile(filepath.Join(filepath.Dir(entryFile), "4913"), nil, 0o644)
			os.Remove(filepath.Join(filepath.Dir(entryFile), "4913"))
			os.WriteFile(entryFile, data, 0o644)
			os.Remove(entryFile + "~")
		}, "Bank Three"},
		{"delete and recreate", func() {
			data := edit("Bank Three", "Bank Four")
			os.Remove(entryFile)
			os.WriteFile(entryFile, data, 0o644)
		}, "Bank Four"},
	}
	for _, st := range steps {
		st.do()
		if got := ev.next(t); got != "reload" {
			t.Fatalf("%s: event %q", st.name, got)
		}
		ev.none(t)
		if _, body := get(t, base+"/partners/bank/"); !strings.Contains(body, st.title) {
			t.Errorf("%s: page does not show %q", st.name, st.title)
		}
	}
	// A checkout touching many files at once: one rebuild.
	for i := range 40 {
		os.WriteFile(filepath.Join(src, "content/partners", "p"+string(rune('a'+i%26))+strings.Repeat("x", i/26)+".md"), []byte("---\ntitle: P\nsummary: s\nupdated: 2026-01-01\ncountry: \"PK\"\nkind: private\nsources: [{title: s, url: 'https://e.org/'}]\n---\n"), 0o644)
	}
	if got := ev.next(t); got != "reload" {
		t.Fatalf("burst: event %q", got)
	}
	ev.none(t)
	// A new folder is watched too.
	os.MkdirAll(filepath.Join(src, "static/img"), 0o755)
	time.Sleep(100 * time.Millisecond)
	ev.next(t)
	os.WriteFile(filepath.Join(src, "static/img/logo.svg"), []byte("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), 0o644)
	ev.next(t)
	if code, _ := get(t, base+"/img/logo.svg"); code != 200 {
		t.Errorf("file in a new folder: %d", code)
	}
}

func TestErrorsKeepTheLastGoodSite(t *testing.T) {
	src := site(t)
	_, base, ev := start(t, src)
	f := filepath.Join(src, "content/partners/bank.md")
	good, _ := os.ReadFile(f)
	os.WriteFile(f, bytes.Replace(good, []byte("kind: financial"), []byte("kind: bank"), 1), 0o644)
	if got := ev.next(t); got != "error" {
		t.Fatalf("event %q, want error", got)
	}
	code, body := get(t, base+"/partners/bank/")
	if code != 200 || !strings.Contains(body, "Example Bank") || !strings.Contains(body, `content/partners/bank.md:6:7: error: kind: \"bank\" is not a known value`) {
		t.Errorf("page during an error: %d, overlay text missing:\n%s", code, body[max(0, len(body)-1500):])
	}
	os.WriteFile(f, good, 0o644)
	if got := ev.next(t); got != "reload" {
		t.Fatalf("event %q after the fix", got)
	}
	if _, body := get(t, base+"/partners/bank/"); strings.Contains(body, "error: kind") {
		t.Error("the overlay stays after the fix")
	}
}

func TestCSSChangeSwapsTheStylesheet(t *testing.T) {
	src := site(t)
	_, _, ev := start(t, src)
	css := filepath.Join(src, "static/site.css")
	data, _ := os.ReadFile(css)
	os.WriteFile(css, append(data, []byte("\nbody{outline:0}\n")...), 0o644)
	if got := ev.next(t); got != "css" {
		t.Errorf("event %q, want css", got)
	}
}

// TestServedEqualsFreshBuild edits, adds, renames and deletes entries, then
// compares every served file with a fresh build of the same files.
func TestServedEqualsFreshBuild(t *testing.T) {
	src := site(t)
	s, _, ev := start(t, src)
	p := filepath.Join(src, "content/projects")
	os.Rename(filepath.Join(p, "coal-field.yaml"), filepath.Join(p, "lignite-field.yaml"))
	ev.next(t)
	data, _ := os.ReadFile(filepath.Join(src, "content/partners/acme.md"))
	os.WriteFile(filepath.Join(src, "content/partners/acme-two.md"), data, 0o644)
	ev.next(t)
	os.Remove(filepath.Join(src, "content/pages/about.md"))
	ev.next(t)
	fresh := filepath.Join(t.TempDir(), "fresh")
	if _, err := build.Build(context.Background(), build.Config{Src: os.DirFS(src), SrcDir: src, Out: fresh}); err != nil {
		t.Fatal(err)
	}
	tree := func(root string) map[string]string {
		m := map[string]string{}
		filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				b, _ := os.ReadFile(p)
				rel, _ := filepath.Rel(root, p)
				m[rel] = string(b)
			}
			return nil
		})
		return m
	}
	a, b := tree(s.out), tree(fresh)
	if len(a) != len(b) {
		t.Errorf("served %d files, fresh build %d", len(a), len(b))
	}
	for name, data := range b {
		if a[name] != data {
			t.Errorf("%s differs from a fresh build", name)
		}
	}
}

func TestServingIsSafe(t *testing.T) {
	_, base, _ := start(t, site(t))
	cases := []struct {
		path string
		host string
		want int
	}{
		{"/", "", 200},
		{"/projects/copper-mine/", "", 200},
		{"/projects/copper-mine", "", 200}, // redirected to the folder
		{"/no/such/page/", "", 404},
		{"/../../etc/passwd", "", 400},
		{"/%2e%2e/%2e%2e/etc/passwd", "", 400},
		{"/projects/..%5c..%5cetc", "", 400},
		{"/", "evil.example", 403},
		{"/", "localhost", 200},
	}
	for _, c := range cases {
		req, _ := http.NewRequest("GET", base+c.path, nil)
		if c.host != "" {
			req.Host = c.host + ":" + strings.Split(base, ":")[2]
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Errorf("%s (host %q): %d, want %d", c.path, c.host, resp.StatusCode, c.want)
		}
		if c.want == 404 && !strings.Contains(string(body), "Page not found") {
			t.Errorf("404 does not serve the site's 404.html")
		}
	}
	req, _ := http.NewRequest("GET", base+"/__emine/events", nil)
	req.Header.Set("Origin", "http://evil.example")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Errorf("events from a foreign origin: %d", resp.StatusCode)
	}
	resp, err = http.Head(base + "/site.css")
	if err == nil {
		resp.Body.Close()
	}
	if _, body := get(t, base+"/"); !strings.Contains(body, "/__emine/events") {
		t.Error("no live-reload script in served pages")
	}
}

// subscribe opens the event stream as a page served at version v would,
// and returns the first event it gets, or "" if none comes in a second.
func subscribe(t *testing.T, base, v string) string {
	t.Helper()
	resp, err := http.Get(base + "/__emine/events?v=" + v)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan string, 1)
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if e, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
				got <- e
				return
			}
		}
	}()
	select {
	case e := <-got:
		return e
	case <-time.After(time.Second):
		return ""
	}
}

// TestLatePageCatchesUp: a page subscribes to events only once it has
// loaded; a rebuild that finished in between must still reach it. The
// page says which version of the site it was served from.
func TestLatePageCatchesUp(t *testing.T) {
	src := site(t)
	_, base, ev := start(t, src)
	_, body := get(t, base+"/partners/bank/")
	m := regexp.MustCompile(`/__emine/events\?v=(\d+)`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("the served page does not say its version")
	}
	if got := subscribe(t, base, m[1]); got != "" {
		t.Fatalf("a page of the current site got %q on subscribing", got)
	}
	f := filepath.Join(src, "content/partners/bank.md")
	good, _ := os.ReadFile(f)
	os.WriteFile(f, bytes.Replace(good, []byte("Example Bank"), []byte("Late Bank"), 1), 0o644)
	if got := ev.next(t); got != "reload" {
		t.Fatalf("event %q after an edit", got)
	}
	// The page served before the edit subscribes only now.
	if got := subscribe(t, base, m[1]); got != "reload" {
		t.Errorf("a page of the replaced site got %q on subscribing, want reload", got)
	}
	_, body = get(t, base+"/partners/bank/")
	now := regexp.MustCompile(`/__emine/events\?v=(\d+)`).FindStringSubmatch(body)
	os.WriteFile(f, bytes.Replace(good, []byte("kind: financial"), []byte("kind: bank"), 1), 0o644)
	if got := ev.next(t); got != "error" {
		t.Fatalf("event %q after breaking the entry", got)
	}
	if got := subscribe(t, base, now[1]); got != "error" {
		t.Errorf("a page served before the build failed got %q on subscribing, want error", got)
	}
}

// TestPageReadDuringARebuildReloads: a page read just before a rebuild
// puts its files in place, and served after the rebuild counted itself,
// says the version it shows, not the newer one, so that it reloads.
func TestPageReadDuringARebuildReloads(t *testing.T) {
	src := site(t)
	s, base, ev := start(t, src)
	read, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	s.readHook = func() { once.Do(func() { close(read); <-release }) }
	type page struct{ body string }
	got := make(chan page, 1)
	go func() {
		_, body := get(t, base+"/partners/bank/")
		got <- page{body}
	}()
	<-read // the old page is read, not yet served
	f := filepath.Join(src, "content/partners/bank.md")
	old, _ := os.ReadFile(f)
	os.WriteFile(f, bytes.Replace(old, []byte("Example Bank"), []byte("Later Bank"), 1), 0o644)
	if e := ev.next(t); e != "reload" {
		t.Fatalf("event %q after an edit", e)
	}
	close(release)
	p := <-got
	if !strings.Contains(p.body, "Example Bank") {
		t.Fatal("the held request did not serve the page read before the rebuild")
	}
	m := regexp.MustCompile(`/__emine/events\?v=(\d+)`).FindStringSubmatch(p.body)
	if m == nil {
		t.Fatal("the served page does not say its version")
	}
	if e := subscribe(t, base, m[1]); e != "reload" {
		t.Errorf("a page showing the replaced site got %q on subscribing, want reload", e)
	}
}

func TestIgnored(t *testing.T) {
	for _, name := range []string{".x.md.swp", "x.md~", ".#x.md", "4913", ".hidden", "#x.md#"} {
		if !Ignored(name) {
			t.Errorf("%s not ignored", name)
		}
	}
	for _, name := range []string{"x.md", "site.css", "saindak.zh.md"} {
		if Ignored(name) {
			t.Errorf("%s ignored", name)
		}
	}
}

// TestManyClients: 200 concurrent clients making 5,000 requests in all get
// every answer right, and the server's memory stays bounded.
func TestManyClients(t *testing.T) {
	_, base, _ := start(t, site(t))
	paths := []string{"/", "/projects/", "/projects/copper-mine/", "/zh/partners/acme/", "/favicon.svg", "/search/", "/missing/"}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 200}, Timeout: 30 * time.Second}
	var wg sync.WaitGroup
	var failed atomic.Int32
	for c := range 200 {
		wg.Go(func() {
			for i := range 25 {
				p := paths[(c+i)%len(paths)]
				resp, err := client.Get(base + p)
				if err != nil {
					failed.Add(1)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				want := 200
				if p == "/missing/" {
					want = 404
				}
				if resp.StatusCode != want {
					failed.Add(1)
				}
			}
		})
	}
	wg.Wait()
	runtime.GC()
	runtime.ReadMemStats(&after)
	if n := failed.Load(); n > 0 {
		t.Errorf("%d requests failed", n)
	}
	if grown := int64(after.HeapAlloc) - int64(before.HeapAlloc); grown > 64<<20 {
		t.Errorf("heap grew by %d MB", grown>>20)
	}
}

func TestFolderRedirectKeepsTheQueryAndTheHost(t *testing.T) {
	_, base, _ := start(t, site(t))
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for path, want := range map[string]string{"/search?q=x": "/search/?q=x", "//projects": "/projects/"} {
		resp, err := client.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Location"); got != want {
			t.Errorf("%s redirects to %q, want %q", path, got, want)
		}
	}
}

// TestDeferredFileIsWaitedFor edits a body again and again with the open
// data deferred (as serve defers its files over 4 MB, here over 256 bytes) and
// asks for data/projects.json as soon as each rebuild returns: the server
// must wait for the file rather than serve the one from before the edit.
func TestDeferredFileIsWaitedFor(t *testing.T) {
	src := site(t)
	s, err := New(Config{Src: src, Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.ln.Close(); s.builder.Wait(); os.RemoveAll(filepath.Dir(s.out)) })
	s.builder.DeferAbove = 256
	file := filepath.Join(src, "content/projects/copper-mine.md")
	deferred := 0
	// The first edit renders data/projects.json and marks it large.
	for n := range 11 {
		data, _ := os.ReadFile(file)
		marker := fmt.Sprintf("Freshly added sentence %d.", n)
		os.WriteFile(file, append(data, "\n"+marker+"\n"...), 0o644)
		s.build(Change{Paths: []string{"content/projects/copper-mine.md"}})
		if s.builder.Deferred("data/projects.json") != nil {
			deferred++
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", "http://"+s.Addr()+"/data/projects.json", nil))
		if !strings.Contains(rec.Body.String(), marker) {
			t.Fatalf("edit %d: data/projects.json was served from before the edit", n)
		}
	}
	if deferred == 0 {
		t.Error("data/projects.json was never deferred; the test tries nothing")
	}
}
