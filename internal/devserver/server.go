package devserver

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/emine-dev/emine/internal/build"
	"github.com/emine-dev/emine/internal/entry"
)

// Config says what to serve. Src is required.
type Config struct {
	// Src is the site folder.
	Src string
	// Addr is where to listen; empty means 127.0.0.1:1313.
	Addr   string
	Drafts bool
	// Log receives one report per rebuild.
	Log io.Writer
}

// MemoryFloor is the least memory limit serve sets (see memlimit.Govern):
// a 10,000-entry site (about 205 MB live), its caches and a few rebuilds'
// garbage fit in it, and the process stays under 400 MB with room to
// spare (356-359 MB at its peak, the first build).
const MemoryFloor = 350 << 20

// MemoryGrowth is the share of its live heap serve may grow by above the
// floor (see memlimit.Govern). With 1/2, serve's first build at 10k
// (whose live heap reaches 260-280 MB) peaked at 391-400 MB; with 1/4, at
// 356-359 MB, with rebuilds as fast (docs/performance.md).
const MemoryGrowth = 0.25

// IdleFree is how long after a rebuild, with no other since, the server
// hands its unused memory back to the system.
const IdleFree = time.Second

// Server builds a site, serves it with live reload, and rebuilds it on
// every change.
type Server struct {
	cfg     Config
	out     string
	builder *build.Builder
	// files is held for reading while a request opens files of the site,
	// and for writing while a rebuild moves its files into place.
	files sync.RWMutex
	ln    net.Listener
	mu    sync.Mutex
	errs  entry.ErrorList
	subs  map[chan string]bool
	// rebuilt counts finished rebuilds, for tests; version counts the
	// good ones, the versions of the site pages are served from.
	rebuilt, version int
	// idle hands memory back to the system once rebuilds pause.
	idle *time.Timer
	// failed is set while the last build failed: the next good one reloads
	// pages fully even if only CSS changed.
	failed bool
	// readHook, when set (by tests), runs once a page's file is read.
	readHook func()
}

// New builds the site once into a temporary folder and listens on the
// address; call Serve to answer requests and watch for changes.
func New(cfg Config) (*Server, error) {
	if cfg.Addr == "" {
		cfg.Addr = "127.0.0.1:1313"
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	tmp, err := os.MkdirTemp("", "emine-serve-")
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, out: filepath.Join(tmp, "site"), subs: map[chan string]bool{}}
	// Versions count from a number of this process's own, so that a page
	// of an earlier server on the same address reloads when it reconnects.
	s.version = int(time.Now().UnixNano() % 1e9)
	s.builder = build.NewBuilder(build.Config{Src: os.DirFS(cfg.Src), SrcDir: cfg.Src, Out: s.out, Drafts: cfg.Drafts})
	s.builder.Lock = &s.files
	// The open data files, tens of megabytes on a large directory, are
	// written after the reload; a request for one waits for it.
	s.builder.DeferAbove = 4 << 20
	s.build(Change{})
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	s.ln = ln
	return s, nil
}

// Addr is the address the server listens on.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// OnAllInterfaces reports whether the server can be reached from other
// machines.
func (s *Server) OnAllInterfaces() bool {
	host, _, _ := net.SplitHostPort(s.Addr())
	ip := net.ParseIP(host)
	return ip != nil && ip.IsUnspecified()
}

// Serve answers requests and rebuilds on changes until ctx is done, then
// shuts down gracefully and removes its temporary folder.
func (s *Server) Serve(ctx context.Context) error {
	defer os.RemoveAll(filepath.Dir(s.out))
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	watchErr := make(chan error, 1)
	go func() { watchErr <- Watch(ctx, s.cfg.Src, s.build) }()
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(s.ln) }()
	select {
	case <-ctx.Done():
	case err := <-watchErr:
		if err != nil {
			srv.Close()
			return fmt.Errorf("watch: %w", err)
		}
		<-ctx.Done()
		watchErr <- nil
	case err := <-serveErr:
		return err
	}
	s.mu.Lock()
	for ch := range s.subs {
		close(ch)
		delete(s.subs, ch)
	}
	s.mu.Unlock()
	// Requests under way get two seconds to finish. Connections that never
	// sent one (a browser's preconnect, a client's spare) would hold
	// Shutdown up to five seconds; they are closed instead.
	shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	err := srv.Shutdown(shut)
	if errors.Is(err, context.DeadlineExceeded) {
		err = srv.Close()
	}
	<-watchErr // a rebuild under way finishes before the folder goes
	s.builder.Wait()
	return err
}

// build rebuilds the site and tells the open pages.
func (s *Server) build(c Change) {
	start := time.Now()
	res, err := s.builder.Build(context.Background(), c.ChangedPaths())
	took := time.Since(start).Round(time.Millisecond)
	var list entry.ErrorList
	s.mu.Lock()
	s.rebuilt++
	switch {
	case errors.As(err, &list):
		s.errs = list
	case err != nil:
		s.errs = entry.ErrorList{{Pos: entry.Pos{File: "-"}, Msg: err.Error()}}
	default:
		s.errs = nil
	}
	errs := s.errs
	s.mu.Unlock()
	when := time.Now().Format("15:04:05")
	if errs.HasErrors() {
		fmt.Fprintf(s.cfg.Log, "%s rebuild failed in %s; still serving the last good site:\n%v\n", when, took, errs)
		s.mu.Lock()
		s.failed = true
		s.mu.Unlock()
		s.send("error", errs.Error())
		return
	}
	s.mu.Lock()
	afterFailure := s.failed
	s.failed = false
	s.version++
	s.mu.Unlock()
	if res != nil {
		fmt.Fprintf(s.cfg.Log, "%s %s in %s\n", when, res.Summary(), took)
	}
	if c.CSSOnly && len(c.Paths) > 0 && !afterFailure {
		s.send("css", "")
	} else {
		s.send("reload", "")
	}
	// A rebuild's garbage would stay with the process until the runtime
	// returns it bit by bit; give it back once the editor pauses. Doing it
	// after every rebuild (a full collection of some 300 MB at 10,000
	// entries) would slow the next one, which often follows at once.
	if res != nil && res.Later > 0 {
		// The largest files are still being written; say so if that fails.
		go func() {
			if err := s.builder.Wait(); err != nil {
				fmt.Fprintf(s.cfg.Log, "%s finishing the large files failed (the next change rebuilds everything): %v\n", time.Now().Format("15:04:05"), err)
				s.send("error", err.Error())
			}
		}()
	}
	s.mu.Lock()
	if s.idle != nil {
		s.idle.Stop()
	}
	s.idle = time.AfterFunc(IdleFree, debug.FreeOSMemory)
	s.mu.Unlock()
}

func (s *Server) send(event, data string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	msg := message(event, data)
	for ch := range s.subs {
		select {
		case ch <- msg:
		default: // a slow client misses one event rather than stall the rest
		}
	}
}

// ServeHTTP serves the built site, the live-reload events, and the error
// overlay.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !s.ownHost(r.Host) {
		http.Error(w, "wrong host", http.StatusForbidden)
		return
	}
	if r.URL.Path == "/__emine/events" {
		s.events(w, r)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name, ok := localName(r.URL.Path)
	if !ok {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	var (
		f       *os.File
		fi      fs.FileInfo
		status  int
		version int
	)
	for {
		// The version is read before the file is opened: a rebuild puts
		// its files in place before it counts itself, so the page can say
		// an older version than it shows (and reload once more), never a
		// newer one (and miss its reload).
		s.mu.Lock()
		version = s.version
		s.mu.Unlock()
		s.files.RLock()
		root, err := os.OpenRoot(s.out)
		if err != nil {
			s.files.RUnlock()
			http.Error(w, "the site is not built yet", http.StatusServiceUnavailable)
			return
		}
		var opened string
		f, fi, opened, status, err = resolve(root, name, strings.HasSuffix(r.URL.Path, "/"))
		root.Close()
		// A file the last rebuild is still finishing (see
		// build.Builder.DeferAbove) is waited for, not served old. The
		// check is made under the read lock: a rebuild names its deferred
		// files before it takes the write lock to publish the rest.
		wait := s.builder.Deferred(opened)
		s.files.RUnlock()
		if err != nil {
			http.NotFound(w, r)
			return
		}
		if wait == nil {
			break
		}
		if f != nil {
			f.Close()
		}
		select {
		case <-wait:
		case <-r.Context().Done():
			return
		}
	}
	if f == nil {
		// A folder asked for without its slash. Built from the cleaned
		// name, escaped, so "//host" cannot become a redirect to another
		// host; the query is kept.
		target := (&url.URL{Path: "/" + name + "/"}).EscapedPath()
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently)
		return
	}
	defer f.Close()
	if path.Ext(fi.Name()) != ".html" {
		http.ServeContent(w, r, fi.Name(), fi.ModTime(), f)
		return
	}
	data, err := io.ReadAll(f)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	if s.readHook != nil {
		s.readHook()
	}
	data = inject(data, s.overlay(), version)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if status != http.StatusOK {
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			w.Write(data)
		}
		return
	}
	http.ServeContent(w, r, fi.Name(), fi.ModTime(), bytes.NewReader(data))
}

// resolve opens the file a request names: the file, a folder's index.html,
// or 404.html with status 404; opened is the name of the file opened. A
// folder named without its slash gives no file, for a redirect.
func resolve(root *os.Root, name string, slash bool) (f *os.File, fi fs.FileInfo, opened string, status int, err error) {
	status, opened = http.StatusOK, name
	f, fi, err = open(root, name)
	if err == nil && fi.IsDir() {
		f.Close()
		if !slash {
			return nil, nil, "", 0, nil
		}
		opened = path.Join(name, "index.html")
		f, fi, err = open(root, opened)
	}
	if err != nil {
		status, opened = http.StatusNotFound, "404.html"
		if f, fi, err = open(root, opened); err != nil {
			return nil, nil, "", 0, err
		}
	}
	return f, fi, opened, status, nil
}

func open(root *os.Root, name string) (*os.File, fs.FileInfo, error) {
	f, err := root.Open(name)
	if err != nil {
		return nil, nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, fi, nil
}

// localName turns a request path into a name inside the site, refusing
// anything that could leave it: "..", backslashes, NUL.
func localName(p string) (string, bool) {
	if strings.ContainsAny(p, "\\\x00") {
		return "", false
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == ".." {
			return "", false
		}
	}
	name := strings.TrimPrefix(path.Clean("/"+p), "/")
	if name == "" {
		name = "."
	}
	if name != "." && !filepath.IsLocal(name) {
		return "", false
	}
	return name, true
}

// ownHost refuses requests addressed to another host name, which is how a
// DNS-rebinding page would reach a server on loopback.
func (s *Server) ownHost(host string) bool {
	if s.OnAllInterfaces() {
		return true
	}
	h, port, err := net.SplitHostPort(host)
	if err != nil {
		h, port = host, ""
	}
	_, own, _ := net.SplitHostPort(s.Addr())
	if port != "" && port != own {
		return false
	}
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(strings.Trim(h, "[]"))
	ownIP, _, _ := net.SplitHostPort(s.Addr())
	return ip != nil && (ip.IsLoopback() || ip.Equal(net.ParseIP(ownIP)))
}

func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	if o := r.Header.Get("Origin"); o != "" && o != "http://"+r.Host {
		http.Error(w, "foreign origin", http.StatusForbidden)
		return
	}
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	ch := make(chan string, 4)
	s.mu.Lock()
	s.subs[ch] = true
	// A page subscribes once it has loaded: what happened since it was
	// served (its version, v) would be lost. Tell it now: reload when the
	// site it shows was replaced, the errors when a build failed since.
	if v := r.URL.Query().Get("v"); v != "" && v != strconv.Itoa(s.version) {
		ch <- message("reload", "")
	} else if s.errs.HasErrors() {
		ch <- message("error", s.errs.Error())
	}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if s.subs[ch] {
			delete(s.subs, ch)
		}
		s.mu.Unlock()
	}()
	io.WriteString(w, ": emine live reload\n\n")
	flusher.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case msg, ok := <-ch:
			if !ok {
				return
			}
			io.WriteString(w, msg)
			flusher.Flush()
		}
	}
}

func message(event, data string) string {
	return "event: " + event + "\ndata: " + strings.ReplaceAll(data, "\n", "\ndata: ") + "\n\n"
}

// overlay returns the current errors for the page, or "".
func (s *Server) overlay() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.errs.HasErrors() {
		return ""
	}
	return s.errs.Error()
}

// Rebuilds returns how many rebuilds have finished.
func (s *Server) Rebuilds() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rebuilt
}
