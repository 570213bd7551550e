/* emine search: loads the static index with <script> elements (so it also
   works from file://), and answers queries as you type. No framework. */
(function () {
  'use strict';
  var root = document.querySelector('[data-search]');
  if (!root || !window.Promise || !String.prototype.normalize) return;
  var E = window.EMINE = window.EMINE || {};
  var meta, shards = {}, chunks = {}, updated, F = {}, cols = {}, keyCache = {};
  E.m = function (n, m) { meta = m; };
  E.t = function (n, o) { shards[n] = o; };
  E.d = function (n, rows) { chunks[n] = rows; };
  E.u = function (n, s) { updated = s; };
  E.f = function (n, s) { cols[meta.facetOrder[n]] = s; };

  var base = root.getAttribute('data-base');
  var lang = root.getAttribute('data-lang');
  var home = root.getAttribute('data-root').replace(/index\.html$/, '');
  var portable = root.getAttribute('data-portable') === '1';
  var labelsEl = document.getElementById('search-labels');
  var L = labelsEl ? JSON.parse(labelsEl.textContent || '{}') : {};
  var form = root.querySelector('form');
  var input = root.querySelector('input[name=q]');
  var sortSel = root.querySelector('select[name=sort]');
  var status = root.querySelector('[role=status]');
  var list = root.querySelector('.results ol');
  var more = root.querySelector('.more');
  var hideWhenActive = document.querySelectorAll('[data-static], .search-browse');
  // A list page's box (data-lazy) loads the index on first use and shows
  // results only while a query is typed; the static list stays otherwise.
  var lazy = root.hasAttribute('data-lazy'), resultsBox = root.querySelector('.results');
  var boxes = [].slice.call(root.querySelectorAll('input[type=checkbox]'));
  var fixed = [].slice.call(form.querySelectorAll('input[type=hidden]'));
  var countEls = [];
  var URL_DELAY = 300, PAGE = 10, listed = '', shown = PAGE, results = [], rank = null, words = [], seq = 0, matched = {}, accBuf = null;

  // top returns the k best results by rank, highest first and, on a tie,
  // in document order: what sorting them all would put first.
  function top(k) {
    if (!rank) return results.slice(0, k);
    var best = [], keys = [];
    for (var i = 0; i < results.length; i++) {
      var d = results[i], r = rank(d);
      if (best.length === k && r <= keys[k - 1]) continue;
      var lo = 0, hi = best.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (keys[mid] >= r) lo = mid + 1; else hi = mid; }
      best.splice(lo, 0, d); keys.splice(lo, 0, r);
      if (best.length > k) { best.pop(); keys.pop(); }
    }
    return best;
  }

  var loading = {};
  function load(name) {
    if (!loading[name]) {
      loading[name] = new Promise(function (resolve, reject) {
        var s = document.createElement('script');
        // The meta file keeps its name from build to build, so a host's
        // cache may hold an old one: ask for it afresh (not from disk).
        s.src = base + name + (name === root.getAttribute('data-meta') && location.protocol !== 'file:' ? '?v=' + Date.now() : '');
        s.onload = resolve;
        s.onerror = function () { delete loading[name]; reject(new Error(name)); };
        document.head.appendChild(s);
      });
    }
    return loading[name];
  }

  var A = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_', V = {};
  for (var i = 0; i < 64; i++) V[A.charAt(i)] = i;

  // Postings: gap and weight packed five bits a character (see internal/search).
  function postings(s, each) {
    var doc = -1, n = 0, shift = 0;
    for (var i = s.charAt(0) === '!' ? 1 : 0; i < s.length; i++) {
      var c = V[s.charAt(i)];
      if (c >= 32) { n |= (c - 32) << shift; shift += 5; continue; }
      n |= c << shift;
      doc += (n >>> 3) + 1;
      each(doc, n & 7);
      n = 0; shift = 0;
    }
  }

  // facet decodes one facet column: for every document, its key codes.
  function decodeFacet(name, col) {
    var f = meta.facets[name], w = f.values.length > 63 ? 2 : 1;
    var docs = new Array(meta.n), d = 0, cur = [], index = {};
    f.values.forEach(function (v, i) { index[v] = i; });
    for (var i = 0; i < col.length;) {
      var ch = col.charAt(i);
      if (ch === '.') { docs[d++] = cur; cur = []; i++; continue; }
      cur.push(w === 2 ? V[ch] * 64 + V[col.charAt(i + 1)] : V[ch]);
      i += w;
    }
    F[name] = { values: f.values, index: index, docs: docs };
  }
  // needFacet loads a facet's column unless it came inside the meta file.
  function needFacet(name) {
    var f = meta.facets[name];
    if (!f || F[name]) return Promise.resolve();
    if (f.col !== undefined) { decodeFacet(name, f.col); return Promise.resolve(); }
    return load(f.file).then(function () { if (!F[name]) decodeFacet(name, cols[name]); });
  }
  // wanted lists the facets a run needs: those filtered by, and those whose
  // panel is open (their counts are on screen).
  function wanted() {
    var names = {};
    boxes.concat(fixed).forEach(function (b) {
      var open = !b.closest || !b.closest('details') || b.closest('details').open;
      if (b.type === 'hidden' || b.checked || open) names[b.name] = 1;
    });
    return Object.keys(names);
  }

  // Tokens, as internal/search does: NFKD, no marks, lower case, Urdu letter
  // forms; Han text as single characters or pairs.
  var FOLD = { '\u064a': '\u06cc', '\u0649': '\u06cc', '\u0643': '\u06a9', '\u0647': '\u06c1', '\u0629': '\u06c1', '\u06c0': '\u06c1', '\u0640': '', '\u200c': '', '\u200d': '' };
  var STOP = Object.create(null);
  'a an and are as at be by for from has have in into is it its of on or that the their this to was were which with will under over also than then there these those been per not no but can may such other more most it\'s he she they we our you your'.split(' ').forEach(function (w) { STOP[w] = 1; });
  var HAN = /\p{Script=Han}/u, WORD = /[\p{L}\p{N}]/u;
  function norm(s) {
    return s.normalize('NFKD').replace(/\p{Mn}/gu, '').toLowerCase().replace(/[\u064a\u0649\u0643\u0647\u0629\u06c0\u0640\u200c\u200d]/g, function (c) { return FOLD[c]; });
  }
  // queryWords splits a query; loose splits Han text into single characters
  // (the retry when pairs find nothing: 铜矿 then finds 铜金矿).
  function queryWords(q, loose) {
    var out = [], word = '', han = '';
    function flush() {
      if (word && !STOP[word] && !(word.length === 1 && word < '\u0080')) out.push({ t: word, han: false });
      var hs = Array.from(han);
      if (hs.length === 1 || loose) hs.forEach(function (c) { out.push({ t: c, han: true }); });
      else for (var i = 0; i + 1 < hs.length; i++) out.push({ t: hs[i] + hs[i + 1], han: true });
      word = ''; han = '';
    }
    Array.from(norm(q)).forEach(function (ch) {
      if (HAN.test(ch)) { if (word) { var h = han; flush(); han = h; } han += ch; }
      else if (WORD.test(ch)) { if (han) { var w = word; flush(); word = w; } word += ch; }
      else flush();
    });
    flush();
    return out;
  }

  function shardOf(term) {
    var lo = 0, hi = meta.bounds.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (meta.bounds[mid] <= term) lo = mid + 1; else hi = mid; }
    return lo;
  }
  function keys(n) { return keyCache[n] || (keyCache[n] = Object.keys(shards[n]).sort()); }
  function within1(a, b) {
    if (Math.abs(a.length - b.length) > 1) return false;
    var i = 0; while (i < a.length && a[i] === b[i]) i++;
    var ra = a.slice(i + 1), rb = b.slice(i + 1);
    return ra === rb || a.slice(i) === b.slice(i + 1) || a.slice(i + 1) === b.slice(i) ||
      (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
  }
  function weight(v) { return 1 + (v & 4 ? 6 : 0) + (v & 2 ? 3 : 0) + (v & 1); }

  // match returns, for one query word, each document's best score.
  function match(w) {
    var score = new Float32Array(meta.n), first = shardOf(w.t), last = w.han ? first : shardOf(w.t + '\uffff'), hit = false;
    // A word is common only when every term it matched is common; a word
    // that matched nothing is required (and so finds nothing).
    var rare = false;
    function add(term, factor, n) {
      hit = true;
      if (shards[n][term].charAt(0) !== '!') rare = true;
      postings(shards[n][term], function (doc, v) { var s = weight(v) * factor; if (s > score[doc]) score[doc] = s; });
    }
    for (var n = first; n <= last; n++) {
      var ks = keys(n), lo = 0, hi = ks.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (ks[mid] < w.t) lo = mid + 1; else hi = mid; }
      // Exact match, and up to 50 longer words for a prefix of 3 letters
      // or more ("smelt" finds "smelter").
      for (var i = lo, more = 0; i < ks.length && ks[i].lastIndexOf(w.t, 0) === 0; i++) {
        if (ks[i] === w.t) add(ks[i], 3, n);
        else if (!w.han && w.t.length >= 3 && more++ < 50) add(ks[i], 1, n);
      }
    }
    if (!hit && !w.han && Array.from(w.t).length >= 5) {
      keys(first).forEach(function (k) { if (within1(k, w.t)) add(k, 1, first); });
    }
    score.common = hit && !rare;
    return score;
  }

  function selected() {
    var sel = {};
    boxes.concat(fixed).forEach(function (b) {
      if ((b.type === 'hidden' || b.checked) && F[b.name]) {
        (sel[b.name] = sel[b.name] || {})[F[b.name].index[b.value]] = true;
      }
    });
    return sel;
  }


  function run(push, loose) {
    var my = ++seq, q = input.value.trim();
    root.removeAttribute('data-done');
    root.removeAttribute('data-want');
    words = queryWords(q, loose);
    var need = {};
    words.forEach(function (w) {
      var a = shardOf(w.t), b = w.han ? a : shardOf(w.t + '\uffff');
      for (var n = a; n <= b; n++) need[n] = 1;
    });
    if (sortSel && sortSel.value === 'updated' && !updated) need.u = 1;
    status.textContent = L['search.loading'] || '…';
    var loads = Object.keys(need).map(function (n) { return n === 'u' ? load(meta.updated) : load(meta.shards[n]); });
    loads = loads.concat(wanted().map(needFacet));
    writeURL(push);
    return Promise.all(loads).then(function () {
      if (my !== seq) return;
      // Words are required, except common ones (in most documents), which
      // only add to the score; if all are common, any of them will do.
      // A word's scores are kept for the next keystroke, which mostly
      // repeats all words but the last; the sum goes into one buffer.
      var kept = {}, scores = words.map(function (w) {
        var k = (w.han ? 'h' : 'w') + w.t;
        return (kept[k] = matched[k] || match(w));
      });
      matched = kept;
      if (!accBuf) accBuf = new Float32Array(meta.n);
      var acc = null, boost = [];
      scores.forEach(function (s) {
        if (s.common) { boost.push(s); return; }
        if (!acc) { acc = accBuf; acc.set(s); return; }
        for (var i = 0; i < acc.length; i++) acc[i] = acc[i] && s[i] ? acc[i] + s[i] : 0;
      });
      if (!acc && boost.length) {
        acc = accBuf;
        acc.fill(0);
        boost.forEach(function (s) { for (var i = 0; i < acc.length; i++) acc[i] += s[i]; });
      } else if (acc) {
        boost.forEach(function (s) { for (var i = 0; i < acc.length; i++) if (acc[i]) acc[i] += s[i]; });
      }
      // One pass: a document that fails no filter is a result and counts
      // for every facet; one that fails exactly one filter counts for that
      // facet only (OR within a facet, AND across facets).
      var sel = selected(), selNames = Object.keys(sel), facets = Object.keys(F), nf = facets.length, counts = {};
      var cols = facets.map(function (f) { counts[f] = new Int32Array(F[f].values.length); return F[f].docs; });
      var tally = facets.map(function (f) { return counts[f]; });
      var selCols = selNames.map(function (f) { return F[f].docs; }), selSets = selNames.map(function (f) { return sel[f]; });
      var selIdx = selNames.map(function (f) { return facets.indexOf(f); });
      results = [];
      for (var d = 0; d < meta.n; d++) {
        if (acc && !acc[d]) continue;
        var failed = 0, which = -1;
        for (var k = 0; k < selCols.length; k++) {
          var codes = selCols[k][d], ok = false;
          for (var c = 0; c < codes.length; c++) if (selSets[k][codes[c]]) { ok = true; break; }
          if (!ok) { failed++; which = selIdx[k]; if (failed > 1) break; }
        }
        if (failed === 0) results.push(d);
        else if (failed > 1) continue;
        for (var fi = 0; fi < nf; fi++) {
          if (failed === 1 && fi !== which) continue;
          var dc = cols[fi][d], t = tally[fi];
          for (var j = 0; j < dc.length; j++) t[dc[j]]++;
        }
      }
      // Results stay in document order; a page shows the best `shown`
      // of them, picked without sorting the rest (see top).
      rank = null;
      if (sortSel && sortSel.value === 'updated') {
        rank = function (d) { return V[updated[3 * d]] * 4096 + V[updated[3 * d + 1]] * 64 + V[updated[3 * d + 2]]; };
      } else if (acc) {
        var sc = acc;
        rank = function (d) { return sc[d]; };
      }
      // Only counts that changed are written: fewer nodes to collect.
      boxes.forEach(function (b, i) {
        if (!F[b.name]) return;
        var c = counts[b.name][F[b.name].index[b.value]] || 0;
        if (countEls[i] === undefined) countEls[i] = b.parentNode.querySelector('[data-count]');
        var el = countEls[i];
        if (el && el.firstChild && el.firstChild.nodeValue !== String(c)) el.firstChild.nodeValue = c;
        else if (el && !el.firstChild) el.textContent = c;
        var zero = c === 0 && !b.checked;
        if (b.parentNode.classList.contains('zero') !== zero) b.parentNode.classList.toggle('zero', zero);
      });
      if (!results.length && !loose && words.some(function (w) { return w.han && w.t.length > 1; })) return run(false, true);
      shown = PAGE;
      return render(my);
    }).catch(function (e) {
      if (my !== seq) return;
      status.textContent = L['search.error'] || 'error';
      root.setAttribute('data-error', String(e && e.stack || e));
    });
  }

  // render shows the current page of results. With no query and no filter
  // it shows only the count and the browse links: nothing is loaded until
  // the reader asks for something.
  function render(my) {
    var active = input.value.trim() !== '' || Object.keys(selected()).length > fixed.length;
    var page = active ? top(shown) : [], need = {};
    page.forEach(function (d) { need[Math.floor(d / meta.chunk)] = 1; });
    return Promise.all(Object.keys(need).map(function (c) { return load(meta.chunks[c]); })).then(function () {
      if (my !== seq) return;
      [].forEach.call(hideWhenActive, function (el) { el.hidden = active; });
      if (lazy) resultsBox.hidden = !active;
      if (!active) {
        list.textContent = '';
        listed = '';
        more.hidden = true;
        if (!lazy) status.textContent = (L['search.total'] || '%d').replace('%d', results.length);
        done();
        return;
      }
      status.textContent = results.length ? (L['search.results'] || '%d').replace('%d', results.length) : L['search.none'];
      // The same documents marked for the same words are left as they
      // are (a trailing space, a box that does not change the first page).
      var now = page.join() + '|' + words.map(function (w) { return w.t; }).join(' ');
      if (now !== listed) {
        var frag = document.createDocumentFragment();
        page.forEach(function (d) { frag.appendChild(card(d)); });
        list.textContent = '';
        list.appendChild(frag);
        listed = now;
      }
      more.hidden = results.length <= shown;
      done();
    });
  }

  // done marks the results on screen as final: data-done holds the URL
  // query they answer once it is in the address bar (tests wait for it).
  function done() {
    var want = stateURL().slice(location.pathname.length);
    root.setAttribute('data-want', want);
    if (want === location.search) root.setAttribute('data-done', want);
  }

  function display(row) {
    var li = meta.langs.indexOf(lang), p = 4;
    for (var j = 0; j < meta.langs.length; j++) {
      if (j > 0 && row[p] === 0) { if (j === li) break; p++; continue; }
      if (j === li) return { t: row[p], s: row[p + 1] };
      p += 2;
    }
    return { t: row[4], s: row[5], lang: meta.langs[0] };
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function card(d) {
    var row = chunks[Math.floor(d / meta.chunk)][d % meta.chunk], coll = meta.collections[row[0]][0];
    var disp = display(row), li = el('li'), art = el('article', 'card'), m = el('p', 'meta');
    m.appendChild(el('span', 'coll', L['c.' + coll] || coll));
    if (row[2] && L[row[2]]) m.appendChild(document.createTextNode(' · ' + L[row[2]]));
    if (row[3]) { m.appendChild(document.createTextNode(' ')); m.appendChild(el('span', 'flag open', L['opportunity.open'])); }
    var h = el('h3'), a = el('a');
    a.href = home + coll + '/' + row[1] + '/' + (portable ? 'index.html' : '');
    highlight(a, disp.t);
    h.appendChild(a);
    var s = el('p', 'summary');
    highlight(s, disp.s);
    if (disp.lang) { a.lang = s.lang = disp.lang; a.dir = s.dir = disp.lang === 'ur' ? 'rtl' : 'ltr'; }
    art.appendChild(m); art.appendChild(h); art.appendChild(s);
    li.appendChild(art);
    return li;
  }

  // highlight writes text into node, marking the words the query matched.
  function highlight(node, text) {
    var ranges = [], re = /[\p{L}\p{N}]+/gu, m;
    var latin = words.filter(function (w) { return !w.han; }), han = words.filter(function (w) { return w.han; });
    while ((m = re.exec(text))) {
      var n = norm(m[0]);
      for (var i = 0; i < latin.length; i++) if (n.lastIndexOf(latin[i].t, 0) === 0) { ranges.push([m.index, m.index + m[0].length]); break; }
    }
    han.forEach(function (w) {
      for (var at = text.indexOf(w.t); at >= 0; at = text.indexOf(w.t, at + 1)) ranges.push([at, at + w.t.length]);
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var pos = 0;
    ranges.forEach(function (r) {
      if (r[1] <= pos) return;
      var start = Math.max(r[0], pos);
      if (start > pos) node.appendChild(document.createTextNode(text.slice(pos, start)));
      node.appendChild(el('mark', '', text.slice(start, r[1])));
      pos = r[1];
    });
    if (pos < text.length) node.appendChild(document.createTextNode(text.slice(pos)));
  }

  function readURL() {
    var p = new URLSearchParams(location.search);
    input.value = p.get('q') || '';
    if (sortSel) sortSel.value = p.get('sort') || '';
    boxes.forEach(function (b) {
      b.checked = p.getAll(b.name).indexOf(b.value) >= 0;
      if (b.checked && b.closest('details')) b.closest('details').open = true;
    });
  }
  // writeURL puts the state in the address bar. An action (a ticked box,
  // Enter, Escape) gets its own history entry at once, for Back; typing
  // only replaces the current entry, and only once it pauses: Chromium's
  // replaceState costs 2 to 15 ms a call, which would be most of a
  // keystroke's time, and it throttles a page that calls it too often.
  var urlTimer = 0, pendingURL = null;
  function stateURL() {
    var p = new URLSearchParams(), q = input.value.trim();
    if (q) p.set('q', q);
    boxes.forEach(function (b) { if (b.checked) p.append(b.name, b.value); });
    if (sortSel && sortSel.value) p.set('sort', sortSel.value);
    return location.pathname + (p.toString() ? '?' + p.toString() : '');
  }
  function setURL(url, push) {
    if (url === location.pathname + location.search) return;
    try { history[push ? 'pushState' : 'replaceState'](null, '', url); } catch (e) { /* file:// may refuse */ }
  }
  // flushURL writes a replacement still waiting, so that Back returns to
  // what was typed; cancelURL drops it (the reader went elsewhere).
  function flushURL() {
    clearTimeout(urlTimer);
    if (pendingURL !== null) setURL(pendingURL, false);
    pendingURL = null;
    if (root.getAttribute('data-want') === location.search) root.setAttribute('data-done', location.search);
  }
  function cancelURL() { clearTimeout(urlTimer); pendingURL = null; }
  function writeURL(push) {
    var url = stateURL();
    if (push) {
      flushURL();
      setURL(url, true);
      return;
    }
    clearTimeout(urlTimer);
    pendingURL = url;
    urlTimer = setTimeout(flushURL, URL_DELAY);
  }

  // EMINE.query runs a query at once (no debounce) and resolves when its
  // results are on screen; benchmarks and tests time it.
  E.query = function (q) { input.value = q; clearTimeout(timer); return run(false); };

  // Every handler waits for the index; what the reader did meanwhile is
  // kept (touched) rather than overwritten by the URL.
  var timer, touched = false;
  function later(push) { touched = true; return start().then(function () { return run(push); }); }
  input.addEventListener('input', function () { touched = true; clearTimeout(timer); timer = setTimeout(function () { later(false); }, 60); });
  form.addEventListener('submit', function (e) { e.preventDefault(); clearTimeout(timer); later(true); });
  if (sortSel) sortSel.addEventListener('change', function () { later(true); });
  boxes.forEach(function (b) { b.addEventListener('change', function () { later(true); }); });
  more.addEventListener('click', function () { shown += PAGE; render(seq); });
  window.addEventListener('popstate', function () { cancelURL(); start().then(function () { readURL(); return run(false); }); });
  // Following a result leaves this entry in history: it gets the query.
  root.addEventListener('click', function (e) { if (e.target.closest && e.target.closest('a')) flushURL(); }, true);
  window.addEventListener('pagehide', flushURL);
  root.addEventListener('keydown', function (e) {
    var links = [].slice.call(list.querySelectorAll('h3 a')), at = links.indexOf(document.activeElement);
    if (e.key === 'ArrowDown' && (e.target === input || at >= 0)) {
      if (links[at + 1]) { links[at + 1].focus(); e.preventDefault(); }
    } else if (e.key === 'ArrowUp' && at >= 0) {
      (at === 0 ? input : links[at - 1]).focus(); e.preventDefault();
    } else if (e.key === 'Escape') {
      input.value = ''; input.focus(); later(true);
    }
  });

  [].forEach.call(root.querySelectorAll('.facets details'), function (det) {
    det.addEventListener('toggle', function () { if (det.open && meta) run(false); });
  });
  var started;
  function start() {
    if (!started) {
      started = load(root.getAttribute('data-meta')).then(function () {
        if ((!lazy || /[?&]q=/.test(location.search)) && !touched) readURL();
        return run(false);
      }).catch(function () { status.textContent = L['search.error'] || 'error'; });
    }
    return started;
  }
  if (lazy && !/[?&]q=/.test(location.search)) {
    input.addEventListener('focus', start);
  } else {
    start();
  }
})();
