package render

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
)

// TestJoinEqualsFresh changes random elements of a joined file, a few at a
// time (replaced in place, growing and shrinking) and many at a time (laid
// out afresh), adding and removing some, and checks each result against the
// file made without a memo, laid out whole and streamed.
func TestJoinEqualsFresh(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	m := NewMemo()
	type item struct {
		key uint64
		val string
	}
	var items []item
	next := uint64(0)
	add := func() item {
		next++
		return item{next, fmt.Sprintf("{%d:%s}", next, bytes.Repeat([]byte("x"), r.IntN(40)))}
	}
	for range 50 {
		items = append(items, add())
	}
	for step := range 300 {
		switch k := r.IntN(10); {
		case k < 6: // a few changed, in place
			for range 1 + r.IntN(3) {
				items[r.IntN(len(items))] = add()
			}
		case k < 7: // more than maxInPlace changed
			for range maxInPlace + 1 + r.IntN(10) {
				items[r.IntN(len(items))] = add()
			}
		case k < 8:
			items = append(items, add())
		case k < 9 && len(items) > 1:
			i := r.IntN(len(items))
			items = append(items[:i], items[i+1:]...)
		default: // reordered
			r.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
		}
		keys := make([]uint64, len(items))
		for i, it := range items {
			keys[i] = it.key
		}
		made := 0
		el := func(i int) ([]byte, error) { made++; return []byte(items[i].val), nil }
		got, err := m.join("f", joinedFile{"[", ",", "]\n", keys, el})
		if err != nil {
			t.Fatal(err)
		}
		if step > 0 && made > maxInPlace+10 {
			t.Fatalf("step %d: made %d elements, want only the changed ones", step, made)
		}
		want, _ := (*Memo)(nil).join("f", joinedFile{"[", ",", "]\n", append([]uint64(nil), keys...), el})
		if !bytes.Equal(got, want) {
			t.Fatalf("step %d: joined file differs from a fresh one:\n got %s\nwant %s", step, got, want)
		}
		var streamed bytes.Buffer
		if err := (joinedFile{"[", ",", "]\n", keys, el}).writeTo(&streamed); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(streamed.Bytes(), want) {
			t.Fatalf("step %d: streamed file differs from a fresh one:\n got %s\nwant %s", step, streamed.Bytes(), want)
		}
	}
}

// TestJoinMakesOnlyChangedElements checks that one changed key makes one
// element, and an unchanged file none.
func TestJoinMakesOnlyChangedElements(t *testing.T) {
	m := NewMemo()
	vals := []string{"a", "bb", "ccc"}
	var made []int
	el := func(i int) ([]byte, error) { made = append(made, i); return []byte(vals[i]), nil }
	if got, _ := m.join("f", joinedFile{"", "\n", "\n", []uint64{1, 2, 3}, el}); string(got) != "a\nbb\nccc\n" {
		t.Fatalf("got %q", got)
	}
	made = nil
	vals[1] = "bbbbbb"
	if got, _ := m.join("f", joinedFile{"", "\n", "\n", []uint64{1, 4, 3}, el}); string(got) != "a\nbbbbbb\nccc\n" || len(made) != 1 || made[0] != 1 {
		t.Fatalf("got %q, made %v; want element 1 alone made again", got, made)
	}
	made = nil
	if got, _ := m.join("f", joinedFile{"", "\n", "\n", []uint64{1, 4, 3}, el}); string(got) != "a\nbbbbbb\nccc\n" || len(made) != 0 {
		t.Fatalf("got %q, made %v; want nothing made", got, made)
	}
}

// TestStreamedJoinStopsAtAWriteError checks that a write failing part of
// the way through a joined file is returned, whichever write it is.
func TestStreamedJoinStopsAtAWriteError(t *testing.T) {
	f := joinedFile{head: "[", sep: ",", tail: "]\n", keys: []uint64{1, 2, 3},
		el: func(i int) ([]byte, error) { return []byte{byte('a' + i)}, nil }}
	for n := range 7 { // head, a, sep, b, sep, c, tail
		w := &failingWriter{left: n}
		if err := f.writeTo(w); !errors.Is(err, errDiskFull) {
			t.Errorf("write %d failing: writeTo returned %v", n+1, err)
		}
	}
	if err := f.writeTo(&failingWriter{left: 7}); err != nil {
		t.Errorf("no write failing: %v", err)
	}
}

var errDiskFull = errors.New("disk full")

// failingWriter fails every write after the first left.
type failingWriter struct{ left int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.left == 0 {
		return 0, errDiskFull
	}
	w.left--
	return len(p), nil
}
