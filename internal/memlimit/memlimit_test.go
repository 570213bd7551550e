package memlimit

import (
	"runtime"
	"runtime/debug"
	"testing"
)

var keep [][]byte

func TestGovernFollowsTheLiveHeap(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	before := debug.SetMemoryLimit(-1)
	const floor, growth = 64 << 20, 0.25
	stop := Govern(floor, growth)
	if got := Limit(); got != floor {
		t.Fatalf("limit %d right after Govern, want the floor %d", got, floor)
	}
	if got := debug.SetMemoryLimit(-1); got != floor {
		t.Fatalf("runtime limit %d, want %d", got, floor)
	}
	// While the heap is small, GOGC rules: it grows to twice what it
	// holds, not to the floor.
	if got := debug.SetGCPercent(100); got != 100 {
		t.Fatalf("GC percent %d with a small heap, want 100 as before", got)
	}
	// A live heap of 96 MB must lift the limit to 1+growth times that.
	for range 96 {
		keep = append(keep, make([]byte, 1<<20))
	}
	want := int64(96 * (1 + growth) * (1 << 20))
	for i := 0; i < 5 && Limit() < want-(4<<20); i++ {
		runtime.GC()
		runtime.GC() // the finalizer of the first collection has run
	}
	if got := Limit(); got < want-(4<<20) || got > want+(40<<20) {
		t.Fatalf("limit %d MB with 96 MB live, want about %d MB", got>>20, want>>20)
	}
	// Twice 96 MB is past the floor: the limit alone decides.
	if got := debug.SetGCPercent(-1); got != -1 {
		t.Fatalf("GC percent %d with a live heap of half the floor or more, want -1 (off)", got)
	}
	// Once the heap is let go, the limit comes back to the floor.
	keep = nil
	for i := 0; i < 5 && Limit() != floor; i++ {
		runtime.GC()
		runtime.GC()
	}
	if got := Limit(); got != floor {
		t.Fatalf("limit %d MB with nothing live, want the floor", got>>20)
	}
	if got := debug.SetGCPercent(100); got != 100 {
		t.Fatalf("GC percent %d once the heap is small again, want 100", got)
	}
	stop()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Fatalf("limit %d after stop, want %d as before", got, before)
	}
	if got := debug.SetGCPercent(100); got != 100 {
		t.Fatalf("GC percent %d after stop, want 100 as before", got)
	}
	if Limit() != 0 {
		t.Fatal("Limit after stop must be 0")
	}
}

func TestGovernLeavesUserSettings(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "1GiB")
	before := debug.SetMemoryLimit(-1)
	stop := Govern(64<<20, 0.5)
	defer stop()
	if got := debug.SetMemoryLimit(-1); got != before || Limit() != 0 {
		t.Fatalf("limit %d with GOMEMLIMIT set, want %d untouched", got, before)
	}
}

// TestGovernLetsAQuarterOfTheFloorGrowToIt holds a live heap of a sixth of
// the floor, under which GOGC must stay, then of a third: twice that fits
// under the floor, yet GOGC must be off, so that the heap grows to the
// floor between collections; once nothing is live, GOGC is back.
func TestGovernLetsAQuarterOfTheFloorGrowToIt(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	const floor = 288 << 20
	stop := Govern(floor, 0.5)
	defer stop()
	for range 48 {
		keep = append(keep, make([]byte, 1<<20))
	}
	for range 3 {
		runtime.GC()
		runtime.GC()
	}
	if got := debug.SetGCPercent(100); got != 100 {
		t.Fatalf("GC percent %d with 48 MB live under a %d MB floor, want 100", got, floor>>20)
	}
	for range 48 {
		keep = append(keep, make([]byte, 1<<20))
	}
	for range 3 {
		runtime.GC()
		runtime.GC() // the finalizer of the first collection has run
	}
	if got := debug.SetGCPercent(-1); got != -1 {
		t.Fatalf("GC percent %d with 96 MB live under a %d MB floor, want -1 (off)", got, floor>>20)
	}
	if got := Limit(); got != floor {
		t.Fatalf("limit %d MB, want the floor", got>>20)
	}
	keep = nil
	for range 3 {
		runtime.GC()
		runtime.GC()
	}
	if got := debug.SetGCPercent(-1); got != 100 {
		t.Fatalf("GC percent %d with nothing live, want 100", got)
	}
	debug.SetGCPercent(100)
}
