// Package memlimit keeps a process's memory near what it holds rather
// than twice that, once it holds much.
//
// Go's collector lets the heap grow to twice what survived the last
// collection (GOGC=100). A server that keeps a 10,000-entry site in memory
// (about 205 MB) would so take 450 MB or more; a fixed limit (GOMEMLIMIT)
// would instead make the collector run without pause on a site whose live
// heap comes near it. Govern recomputes the rule after every collection:
// while the live heap is under a quarter of a floor, GOGC applies as usual
// (a small site stays small); beyond that, the collector runs only when the
// process reaches max(floor, live×(1+growth)), so a site of a few hundred
// megabytes stops at the floor and a larger one keeps that share of its
// live heap as headroom. The collector's work grows as the headroom
// shrinks: a quarter costs about four times GOGC=100's collections, half
// about twice. `emine serve` and `build -watch` use it, and so does a
// one-shot `emine build`, each with its own floor and growth.
package memlimit

import (
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
)

// sentinel is allocated anew after every collection; its finalizer runs
// once the collection that found it unreachable is over.
type sentinel struct {
	_ *int
	_ [8]byte
}

var (
	mu      sync.Mutex
	current *governor
)

type governor struct {
	floor   int64
	growth  float64
	percent int // GOGC as it was
	stopped atomic.Bool
	limit   atomic.Int64
	off     bool // GOGC is off
}

// Govern keeps the process's memory under max(floor, live×(1+growth))
// bytes, where live is what the last collection found in use, until stop
// is called, which restores the settings it found. While the live heap is
// under a quarter of the floor, GOGC applies as it was. It does nothing when
// the user set GOGC or GOMEMLIMIT, or when another Govern is in effect.
func Govern(floor int64, growth float64) (stop func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	mu.Lock()
	defer mu.Unlock()
	if current != nil {
		return func() {}
	}
	g := &governor{floor: floor, growth: growth}
	current = g
	oldLimit := debug.SetMemoryLimit(floor)
	g.percent = debug.SetGCPercent(-1)
	debug.SetGCPercent(g.percent)
	g.limit.Store(floor)
	g.arm()
	return func() {
		mu.Lock()
		defer mu.Unlock()
		if g.stopped.Swap(true) {
			return
		}
		debug.SetMemoryLimit(oldLimit)
		debug.SetGCPercent(g.percent)
		current = nil
	}
}

// Limit returns the limit in effect, or 0 when memory is not governed.
func Limit() int64 {
	mu.Lock()
	defer mu.Unlock()
	if current == nil {
		return 0
	}
	return current.limit.Load()
}

func (g *governor) arm() {
	runtime.SetFinalizer(&sentinel{}, func(*sentinel) {
		if g.stopped.Load() {
			return
		}
		g.adjust()
		g.arm()
	})
}

var liveSample = []metrics.Sample{{Name: "/gc/heap/live:bytes"}}

func (g *governor) adjust() {
	mu.Lock()
	defer mu.Unlock()
	if g.stopped.Load() {
		return
	}
	metrics.Read(liveSample)
	if liveSample[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	live := liveSample[0].Value.Uint64()
	want := g.floor
	if grown := float64(live) * (1 + g.growth); grown > float64(want) {
		want = int64(math.Min(grown, math.MaxInt64/2))
	}
	// GOGC lets the heap reach twice the live heap: it keeps a small
	// process small. Once the live heap is a quarter of the floor, it is
	// off and the limit alone decides, so that a heap the floor allows
	// anyway grows to it between collections rather than to twice its
	// size, and is collected less often.
	if off := float64(live)*4 > float64(g.floor); off != g.off {
		g.off = off
		if off {
			debug.SetGCPercent(-1)
		} else {
			debug.SetGCPercent(g.percent)
		}
	}
	if want != g.limit.Load() {
		g.limit.Store(want)
		debug.SetMemoryLimit(want)
	}
}
