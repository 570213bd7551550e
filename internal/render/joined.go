package render

import "io"

// A joined file is a head, elements separated by sep, and a tail: the open
// data, where each element is one entry. The memo keeps the last bytes of
// each such file with where each element ends, and a rebuild in which a few
// entries changed replaces just their elements, in place, instead of
// keeping every element apart as well as the file (at 10,000 entries, the
// JSON files alone are 46 MB).
type joined struct {
	head, sep, tail string
	data            []byte
	keys            []uint64
	ends            []int // ends[i] is the offset just past element i
}

// joinedFile is how to make a joined file: its head, sep and tail, the
// keys of its elements, and el(i), which makes element i in bytes that
// need to stay valid only until the next call.
type joinedFile struct {
	head, sep, tail string
	keys            []uint64
	el              func(i int) ([]byte, error)
}

// writeTo writes the file to w one element at a time, holding none of it:
// what a one-shot build does with the open data (see Job.Stream), which
// the memo would otherwise lay out whole in memory: 290 MB for
// data/projects.json at 100,000 entries.
func (f joinedFile) writeTo(w io.Writer) error {
	if _, err := io.WriteString(w, f.head); err != nil {
		return err
	}
	for i := range f.keys {
		if i > 0 {
			if _, err := io.WriteString(w, f.sep); err != nil {
				return err
			}
		}
		b, err := f.el(i)
		if err != nil {
			return err
		}
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, f.tail)
	return err
}

// maxInPlace is how many changed elements are replaced in place; more are
// cheaper to lay out afresh than to move the rest of the file for each.
const maxInPlace = 16

func (j *joined) start(i int) int {
	if i == 0 {
		return len(j.head)
	}
	return j.ends[i-1] + len(j.sep)
}

// replace puts el in place of element i, moving what follows.
func (j *joined) replace(i int, el []byte) {
	s, e := j.start(i), j.ends[i]
	delta := len(el) - (e - s)
	if delta != 0 {
		n := len(j.data) + delta
		if n > cap(j.data) {
			grown := make([]byte, len(j.data), n+n/16)
			copy(grown, j.data)
			j.data = grown
		}
		old := j.data
		j.data = j.data[:max(n, len(old))]
		copy(j.data[e+delta:], old[e:len(old)])
		j.data = j.data[:n]
		for k := i; k < len(j.ends); k++ {
			j.ends[k] += delta
		}
	}
	copy(j.data[s:], el)
}

// join returns the file f at path, making with f.el only the elements the
// last file made there did not have. The bytes belong to the memo: they
// stay valid, unchanged, until the next build, and must not be modified.
func (m *Memo) join(path string, f joinedFile) ([]byte, error) {
	if m == nil {
		j, err := fresh(nil, f)
		if err != nil {
			return nil, err
		}
		return j.data, nil
	}
	m.mu.Lock()
	last := m.joined[path]
	m.mu.Unlock()
	if last != nil && last.head == f.head && last.sep == f.sep && last.tail == f.tail && len(last.keys) == len(f.keys) {
		var changed []int
		for i, k := range f.keys {
			if last.keys[i] != k {
				if changed = append(changed, i); len(changed) > maxInPlace {
					break
				}
			}
		}
		if len(changed) <= maxInPlace {
			for _, i := range changed {
				b, err := f.el(i)
				if err != nil {
					return nil, err
				}
				last.replace(i, b)
				last.keys[i] = f.keys[i]
			}
			return last.data, nil
		}
	}
	j, err := fresh(last, f)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	m.joined[path] = j
	m.mu.Unlock()
	return j.data, nil
}

// fresh lays the file out anew, taking the elements last had from it.
func fresh(last *joined, f joinedFile) (*joined, error) {
	had := map[uint64]int{}
	size := 0
	if last != nil && last.sep == f.sep {
		for i, k := range last.keys {
			had[k] = i
		}
		size = len(last.data)
	}
	j := &joined{head: f.head, sep: f.sep, tail: f.tail, keys: f.keys, ends: make([]int, len(f.keys))}
	data := make([]byte, 0, size+size/16)
	data = append(data, f.head...)
	for i, k := range f.keys {
		if i > 0 {
			data = append(data, f.sep...)
		}
		// Without a last file to go by, the size is estimated from the
		// first elements, so that a file of tens of megabytes is not
		// copied over and over as it grows.
		if i == 32 && size == 0 {
			if want := (len(data)/32*len(f.keys) + len(f.tail)) * 17 / 16; want > cap(data) {
				data = append(make([]byte, 0, want), data...)
			}
		}
		if at, ok := had[k]; ok {
			data = append(data, last.data[last.start(at):last.ends[at]]...)
		} else {
			b, err := f.el(i)
			if err != nil {
				return nil, err
			}
			data = append(data, b...)
		}
		j.ends[i] = len(data)
	}
	j.data = append(data, f.tail...)
	return j, nil
}
