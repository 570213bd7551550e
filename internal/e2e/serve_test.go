package e2e

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/emine-dev/emine/internal/devserver"
)

// TestLiveReloadInBrowser opens a page served by emine serve, edits its
// entry, and sees the page change by itself; then breaks the entry, sees
// the error overlay, fixes it and sees the overlay go.
func TestLiveReloadInBrowser(t *testing.T) {
	src := filepath.Join(t.TempDir(), "site")
	for from, to := range map[string]string{"../build/testdata/site": "", "../../templates": "templates", "../../static": "static", "../../data/i18n": "data/i18n"} {
		if err := os.CopyFS(filepath.Join(src, to), os.DirFS(from)); err != nil {
			t.Fatal(err)
		}
	}
	s, err := devserver.New(devserver.Config{Src: src, Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx) }()
	defer func() { cancel(); <-done }()

	b := browser(t)
	do(t, b, chromedp.Navigate("http://"+s.Addr()+"/partners/bank/"), chromedp.WaitVisible(`h1`))
	waitFor(t, b, `document.querySelector('h1').textContent.includes('Example Bank')`)
	f := filepath.Join(src, "content/partners/bank.md")
	good, _ := os.ReadFile(f)
	os.WriteFile(f, bytes.Replace(good, []byte("title: Example Bank"), []byte("title: Renamed Bank"), 1), 0o644)
	waitFor(t, b, `document.querySelector('h1') && document.querySelector('h1').textContent.includes('Renamed Bank')`)
	os.WriteFile(f, bytes.Replace(good, []byte("kind: financial"), []byte("kind: bank"), 1), 0o644)
	waitFor(t, b, `!!document.getElementById('emine-errors') && document.getElementById('emine-errors').textContent.includes('bank.md:6:7')`)
	os.WriteFile(f, good, 0o644)
	waitFor(t, b, `!document.getElementById('emine-errors') && document.querySelector('h1') && document.querySelector('h1').textContent.includes('Example Bank')`)
}
