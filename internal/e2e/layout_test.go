package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// overflowJS lists the elements of main whose content is wider than their
// box (a table in the prose scrolls by design and is left out), and whether
// the page as a whole scrolls sideways.
const overflowJS = `(() => {
  const bad = [];
  if (document.documentElement.scrollWidth > window.innerWidth + 1) bad.push('page ' + document.documentElement.scrollWidth + '>' + window.innerWidth);
  document.querySelectorAll('main *').forEach(el => {
    if (el.closest('.prose table') || el.closest('svg')) return;
    const s = getComputedStyle(el);
    if (s.display === 'inline' || s.overflowX === 'auto' || s.overflowX === 'scroll') return;
    if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) bad.push(el.tagName + '.' + el.className + ' ' + el.scrollWidth + '>' + el.clientWidth + ' "' + el.textContent.trim().slice(0, 40) + '"');
  });
  return bad;
})()`

// TestEntryLayoutInEveryLanguage opens the same entry in English, Chinese
// and Urdu at phone and desktop widths: the Urdu page runs right to left in
// the Nastaliq font the site serves, the others left to right, and no text
// overflows its box. Screenshots go to $EMINE_SCREENSHOTS when it is set.
func TestEntryLayoutInEveryLanguage(t *testing.T) {
	base := serve(t, site(t, false), "/")
	ctx := browser(t)
	shots := os.Getenv("EMINE_SCREENSHOTS")
	for _, lang := range []struct{ prefix, dir string }{{"", "ltr"}, {"zh/", "ltr"}, {"ur/", "rtl"}} {
		for _, width := range []int64{390, 1366} {
			name := fmt.Sprintf("%s%d", lang.prefix, width)
			t.Run(name, func(t *testing.T) {
				do(t, ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(base+lang.prefix+"projects/saindak-copper-gold/"), chromedp.WaitVisible(`.entry-facts`))
				eval[any](t, ctx, `document.fonts.ready.then(() => true)`)
				if got := eval[string](t, ctx, `getComputedStyle(document.querySelector('main')).direction`); got != lang.dir {
					t.Errorf("direction %q, want %q", got, lang.dir)
				}
				if bad := eval[[]string](t, ctx, overflowJS); len(bad) > 0 {
					t.Errorf("overflowing: %q", bad)
				}
				if lang.dir == "rtl" {
					waitFor(t, ctx, `document.fonts.check('20px "Noto Nastaliq Urdu Web"', 'سینڈک')`)
					if !eval[bool](t, ctx, `performance.getEntriesByType('resource').some(e => e.name.endsWith('.woff2'))`) {
						t.Error("the Urdu page did not load the site's Nastaliq font")
					}
					// Latin names inside Urdu text keep their own direction.
					if got := eval[string](t, ctx, `getComputedStyle(document.querySelector('.facts a[dir=ltr], .facts [dir=ltr]')).direction`); got != "ltr" {
						t.Errorf("Latin fact direction %q", got)
					}
				} else if eval[bool](t, ctx, `performance.getEntriesByType('resource').some(e => e.name.endsWith('.woff2'))`) {
					t.Error("a non-Urdu page downloaded the Urdu font")
				}
				if name == "ur/390" {
					// The check itself must see an overflow when there is one.
					eval[any](t, ctx, `(() => { const p = document.createElement('p'); p.style.width = '40px'; p.style.whiteSpace = 'nowrap'; p.textContent = 'Metallurgical Corporation of China'; document.querySelector('main').appendChild(p); return 1; })()`)
					if bad := eval[[]string](t, ctx, overflowJS); len(bad) == 0 {
						t.Error("the overflow check missed an overflowing paragraph")
					}
				}
				if shots != "" {
					png, err := chromedp.Run(ctx, chromedp.FullScreenshot(90))
					if err != nil {
						t.Fatal(err)
					}
					os.WriteFile(filepath.Join(shots, "entry-"+strings.Trim("en-"+lang.prefix, "/")+fmt.Sprint(width)+".jpg"), png, 0o644)
				}
			})
		}
	}
}
