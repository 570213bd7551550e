package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestServeOpensTheBrowser checks that serve -open opens the address it
// serves, once the site is built, and that the page is there.
func TestServeOpensTheBrowser(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	opened := make(chan string, 1)
	body := make(chan string, 1)
	defer func(old func(string) error) { openBrowser = old }(openBrowser)
	openBrowser = func(url string) error {
		opened <- url
		go func() {
			defer cancel()
			resp, err := http.Get(url)
			if err != nil {
				body <- err.Error()
				return
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			body <- string(b)
		}()
		return nil
	}
	var out, errOut bytes.Buffer
	code := runServe(ctx, []string{"-src", "../..", "-addr", "127.0.0.1:0", "-open"}, &out, &errOut)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errOut.String())
	}
	var url string
	select {
	case url = <-opened:
	default:
		t.Fatal("-open did not open a browser")
	}
	if !strings.HasPrefix(url, "http://127.0.0.1:") || !strings.Contains(out.String(), "serving ../.. at "+url) {
		t.Errorf("opened %q; the terminal said:\n%s", url, out.String())
	}
	if b := <-body; !strings.Contains(b, "<html") {
		t.Errorf("the opened address answered %q, want the home page", b[:min(len(b), 200)])
	}
}

// TestServeWithoutOpen checks that serve opens no browser unless asked.
func TestServeWithoutOpen(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer func(old func(string) error) { openBrowser = old }(openBrowser)
	openBrowser = func(string) error { t.Error("a browser was opened without -open"); return nil }
	go func() { time.Sleep(100 * time.Millisecond); cancel() }()
	var out, errOut bytes.Buffer
	if code := runServe(ctx, []string{"-src", "../..", "-addr", "127.0.0.1:0"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errOut.String())
	}
}
