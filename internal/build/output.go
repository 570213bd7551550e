package build

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"github.com/emine-dev/emine/internal/entry"
)

const (
	markerFile = ".emine-output"
	markerText = "This folder is written by emine build and is replaced whole on every build.\n"
)

// checkOut refuses an output folder that is not safe to replace: the file
// system root, the home folder, the source folder or one that contains it,
// and any existing non-empty folder that an earlier build did not write.
func checkOut(out, srcDir string) error {
	abs, err := filepath.Abs(out)
	if err != nil {
		return fmt.Errorf("-out %s: %w", out, err)
	}
	if abs == filepath.Dir(abs) {
		return fmt.Errorf("-out %s: refusing to use the root of the file system", out)
	}
	if home, err := os.UserHomeDir(); err == nil && abs == filepath.Clean(home) {
		return fmt.Errorf("-out %s: refusing to use the home folder", out)
	}
	if srcDir != "" {
		src, err := filepath.Abs(srcDir)
		if err == nil && (src == abs || strings.HasPrefix(src+string(filepath.Separator), abs+string(filepath.Separator))) {
			return fmt.Errorf("-out %s: refusing to use the source folder or a folder that contains it", out)
		}
		for _, d := range []string{"content", "data", "templates", "static"} {
			inside := filepath.Join(src, d) + string(filepath.Separator)
			if err == nil && strings.HasPrefix(abs+string(filepath.Separator), inside) {
				return fmt.Errorf("-out %s: refusing to write inside the source's %s/ folder", out, d)
			}
		}
	}
	fi, err := os.Lstat(abs)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("-out %s: %w", out, err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("-out %s: exists and is not a folder", out)
	}
	if _, err := os.Stat(filepath.Join(abs, markerFile)); err == nil {
		return nil
	}
	names, err := os.ReadDir(abs)
	if err != nil {
		return fmt.Errorf("-out %s: %w", out, err)
	}
	if len(names) > 0 {
		return fmt.Errorf("-out %s: the folder is not empty and was not written by emine (no %s in it); refusing to replace it", out, markerFile)
	}
	return nil
}

// stage is the temporary folder a build writes into, beside the output.
type stage struct {
	out  string
	tmp  string
	root *os.Root
	done bool
	// dirs records the folders already made, so each is made once.
	dirs sync.Map
	// parents holds roots opened on the folders that hold pages' own
	// folders ("zh/projects" for "zh/projects/saindak/index.html"), at most
	// maxParents of them. os.Root opens a path a folder at a time, so a
	// page reached from its parent's root takes two opens (its folder and
	// the file) where it took four from the top.
	mu         sync.Mutex
	parents    map[string]*os.Root
	maxParents int
}

func newStage(out string) (*stage, error) {
	abs, err := filepath.Abs(out)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(abs)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	// A build killed earlier leaves this folder behind; it is never the
	// published one, so it is safe to clear.
	tmp := filepath.Join(parent, "."+filepath.Base(abs)+".emine-tmp")
	if err := os.RemoveAll(tmp); err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	if err := os.Mkdir(tmp, 0o755); err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	root, err := os.OpenRoot(tmp)
	if err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	return &stage{out: abs, tmp: tmp, root: root, maxParents: 256}, nil
}

// write writes one file through os.Root, which refuses any path that would
// leave the folder.
func (s *stage) write(name string, data []byte) error {
	r, rel, err := s.at(name)
	if err != nil {
		return err
	}
	if err := r.WriteFile(rel, data, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// stream writes the file name with what fill writes into it, through a
// buffer, and returns its size: a file too large to hold whole (see
// render.Job.Stream).
func (s *stage) stream(name string, fill func(io.Writer) error) (int64, error) {
	r, rel, err := s.at(name)
	if err != nil {
		return 0, err
	}
	f, err := r.OpenFile(rel, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return 0, fmt.Errorf("write %s: %w", name, err)
	}
	w := &counting{w: f}
	b := bufio.NewWriterSize(w, 256<<10)
	err = fill(b)
	var content entry.ErrorList
	if errors.As(err, &content) {
		f.Close()
		return 0, err // the file's content, not its writing, failed
	}
	if err == nil {
		err = b.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return 0, fmt.Errorf("write %s: %w", name, err)
	}
	return w.n, nil
}

// counting counts the bytes written through it.
type counting struct {
	w io.Writer
	n int64
}

func (c *counting) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// at makes the folders of name, once each per build, and returns the root
// to open it in and its name there: the root of its folder's parent when
// it is two folders deep or more ("saindak/index.html" in the root of
// "zh/projects"), the stage's root otherwise.
func (s *stage) at(name string) (*os.Root, string, error) {
	if !filepath.IsLocal(name) || path.Clean(name) != name {
		return nil, "", fmt.Errorf("output path %q is not a clean local path", name)
	}
	dir := path.Dir(name)
	if dir == "." {
		return s.root, name, nil
	}
	r, rel := s.root, dir
	if up := path.Dir(dir); up != "." {
		p, err := s.parent(up)
		if err != nil {
			return nil, "", fmt.Errorf("write %s: %w", name, err)
		}
		if p != nil {
			r, rel = p, path.Base(dir)
		}
	}
	if _, made := s.dirs.Load(dir); !made {
		if err := r.MkdirAll(rel, 0o755); err != nil {
			return nil, "", fmt.Errorf("write %s: %w", name, err)
		}
		s.dirs.Store(dir, true)
	}
	return r, rel + "/" + path.Base(name), nil
}

// parent returns a root opened on the folder dir, made first if need be,
// or nil once maxParents are open.
func (s *stage) parent(dir string) (*os.Root, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r, ok := s.parents[dir]; ok || len(s.parents) >= s.maxParents {
		return r, nil
	}
	if err := s.root.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	r, err := s.root.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	if s.parents == nil {
		s.parents = make(map[string]*os.Root)
	}
	s.parents[dir] = r
	return r, nil
}

// close closes the stage's roots.
func (s *stage) close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.parents {
		r.Close()
	}
	s.parents = nil
	s.root.Close()
}

// publish puts the staged folder in place of the output in one step where
// the system allows it, and removes the old output.
func (s *stage) publish() error {
	s.close()
	if _, err := os.Lstat(s.out); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(s.tmp, s.out); err != nil {
			return fmt.Errorf("publish: %w", err)
		}
		s.done = true
		return nil
	}
	if err := exchange(s.tmp, s.out); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	// s.tmp now holds the previous output.
	s.done = true
	return os.RemoveAll(s.tmp)
}

// cleanup removes the staging folder of a build that did not publish.
func (s *stage) cleanup() {
	if !s.done {
		s.close()
		os.RemoveAll(s.tmp)
	}
}

// twoRenames swaps folders a and b with two renames, for file systems and
// systems without an atomic exchange.
func twoRenames(a, b string) error {
	old := b + ".emine-old"
	os.RemoveAll(old)
	if err := os.Rename(b, old); err != nil {
		return err
	}
	if err := os.Rename(a, b); err != nil {
		os.Rename(old, b)
		return err
	}
	return os.Rename(old, a)
}
