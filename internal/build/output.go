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
	return &stage{out: abs, tmp: tmp, root: root}, nil
}

// write writes one file through os.Root, which refuses any path that would
// leave the folder.
func (s *stage) write(name string, data []byte) error {
	if err := s.mkdirs(name); err != nil {
		return err
	}
	if err := s.root.WriteFile(name, data, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// stream writes the file name with what fill writes into it, through a
// buffer, and returns its size: a file too large to hold whole (see
// render.Job.Stream).
func (s *stage) stream(name string, fill func(io.Writer) error) (int64, error) {
	if err := s.mkdirs(name); err != nil {
		return 0, err
	}
	f, err := s.root.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
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

// mkdirs makes the folders of name, once each per build.
func (s *stage) mkdirs(name string) error {
	if !filepath.IsLocal(name) {
		return fmt.Errorf("output path %q is not local", name)
	}
	if dir := path.Dir(name); dir != "." {
		if _, made := s.dirs.Load(dir); !made {
			if err := s.root.MkdirAll(dir, 0o755); err != nil {
				return fmt.Errorf("write %s: %w", name, err)
			}
			s.dirs.Store(dir, true)
		}
	}
	return nil
}

// publish puts the staged folder in place of the output in one step where
// the system allows it, and removes the old output.
func (s *stage) publish() error {
	s.root.Close()
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
		s.root.Close()
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
