// The search page: the header's search box drives it (search as you type,
// the query in the URL), facets beside the results, each hit with its date,
// severity, services and status and the items where it matched, each a
// link to its anchor; the arrow keys move from the box through the results'
// links. Text from the archive only ever reaches the page through text
// nodes; <mark> elements are built here.
import { Engine } from './query.js';
import { queryTerms, highlight, matches, lead } from './fragment.js';

var FACET_TITLES = { severity: 'Severity', service: 'Services', team: 'Teams', category: 'Categories', year: 'Year' };
var PAGE = 10;

function el(tag, attrs, children) {
  var e = document.createElement(tag);
  if (attrs) {
    Object.keys(attrs).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'className') e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    });
  }
  (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
  return e;
}

function appendPieces(parent, pieces) {
  pieces.forEach(function (p) {
    if (p.mark) parent.appendChild(el('mark', { text: p.text }));
    else parent.appendChild(document.createTextNode(p.text));
  });
}

function capitalize(s) {
  return s ? s.charAt(0).toUpperCase() + s.slice(1) : s;
}

function App(root) {
  this.root = root;
  this.engine = new Engine(root.getAttribute('data-index') || 'browser/');
  this.searchURL = root.getAttribute('data-search') || window.location.pathname;
  this.input = document.getElementById('site-search');
  this.form = this.input ? this.input.form : null;
  this.filters = {};
  this.shown = PAGE;
  this.seq = 0;
  this.build();
}

App.prototype.build = function () {
  var self = this;
  this.status = el('p', { className: 'search-status', role: 'status', 'aria-live': 'polite' });
  this.notice = el('p', { className: 'search-notice', hidden: 'hidden' });
  this.empty = el('div', { className: 'search-empty', hidden: 'hidden' });
  this.facetBox = el('div', { className: 'search-facets', role: 'group', 'aria-label': 'Filter results' });
  this.list = el('ol', { className: 'search-results', id: 'search-results', 'aria-label': 'Search results' });
  this.more = el('button', { type: 'button', className: 'search-more', hidden: 'hidden', text: 'Show more results' });
  var main = el('div', { className: 'search-main' }, [this.status, this.notice, this.empty, this.list, this.more]);
  this.root.appendChild(el('div', { className: 'search-layout' }, [this.facetBox, main]));

  var params = new URLSearchParams(window.location.search);
  Object.keys(FACET_TITLES).forEach(function (f) {
    var vs = params.getAll(f);
    if (vs.length) self.filters[f] = vs;
  });
  if (this.input) {
    this.input.value = params.get('q') || '';
    this.input.setAttribute('aria-controls', 'search-results');
    var timer = null;
    this.input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { self.run(true); }, 200);
    });
    this.input.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown') {
        var first = self.links()[0];
        if (first) { e.preventDefault(); first.focus(); }
      }
    });
    if (!this.input.value) this.input.focus();
  }
  if (this.form) {
    this.form.addEventListener('submit', function (e) {
      e.preventDefault();
      self.run(true);
    });
  }
  this.list.addEventListener('keydown', function (e) { self.onKey(e); });
  this.more.addEventListener('click', function () {
    self.shown += PAGE;
    self.render(false);
  });
  this.run(false);
};

App.prototype.query = function () {
  return this.input ? this.input.value.trim() : '';
};

App.prototype.updateURL = function () {
  var params = new URLSearchParams();
  var q = this.query();
  if (q) params.set('q', q);
  var self = this;
  Object.keys(this.filters).forEach(function (f) {
    self.filters[f].forEach(function (v) { params.append(f, v); });
  });
  var s = params.toString();
  window.history.replaceState(null, '', window.location.pathname + (s ? '?' + s : '') + window.location.hash);
};

App.prototype.run = function (fromUser) {
  var self = this;
  var q = this.query();
  var seq = ++this.seq;
  if (fromUser) {
    this.shown = PAGE;
    this.updateURL();
  }
  if (!q) {
    this.result = null;
    this.clear();
    this.status.textContent = 'Type words in the search box above to search the retrospectives.';
    return this.suggest(seq, null);
  }
  this.status.textContent = 'Searching…';
  return this.engine.search(q, this.filters).then(function (res) {
    if (seq !== self.seq) return;
    self.result = res;
    self.terms = queryTerms(q);
    self.q = q;
    return self.render(true);
  }, function (err) {
    if (seq !== self.seq) return;
    self.result = null;
    self.clear();
    self.status.textContent = err && err.name === 'QueryError'
      ? 'This query is not valid: ' + err.message + '.'
      : 'Search is unavailable: ' + (err && err.message ? err.message : err) + '.';
  });
};

App.prototype.clear = function () {
  this.list.textContent = '';
  this.facetBox.textContent = '';
  this.more.hidden = true;
  this.notice.hidden = true;
  this.empty.hidden = true;
  this.empty.textContent = '';
};

// links are the results' links in order: each hit's title, then its items.
App.prototype.links = function () {
  return Array.prototype.slice.call(this.list.querySelectorAll('a'));
};

App.prototype.render = function (facets) {
  var self = this;
  var res = this.result;
  if (!res) return Promise.resolve();
  var seq = this.seq;
  var page = res.hits.slice(0, this.shown);
  var docs = page.map(function (h) { return h.doc; });
  return this.engine.records(docs).then(function (recs) {
    if (seq !== self.seq) return;
    self.list.textContent = '';
    recs.forEach(function (r, i) { self.list.appendChild(self.renderHit(r, page[i])); });
    self.more.hidden = res.hits.length <= self.shown;
    var n = res.total;
    self.status.textContent = (n === 0 ? 'No results' : n === 1 ? '1 result' : n + ' results') +
      ' for “' + self.q + '”' + (n > page.length ? ', showing ' + page.length : '') + '.';
    if (res.approximate.length) {
      self.notice.hidden = false;
      self.notice.textContent = 'In the browser, ' + res.approximate.join(' and ') +
        ' are approximated; `retro search` runs them exactly.';
    } else {
      self.notice.hidden = true;
    }
    self.empty.hidden = true;
    self.empty.textContent = '';
    // The facet counts come once the hits are on screen: they need the
    // facet table, which no hit does.
    var counts = facets ? self.engine.facets(res, self.filters).then(function (f) {
      if (seq === self.seq) self.renderFacets(f);
    }, function () { /* the hits are shown; the facets stay empty */ }) : null;
    if (n === 0) return Promise.all([counts, self.suggest(seq, res)]);
    return counts;
  });
};

App.prototype.renderHit = function (r, hit) {
  var title = el('a', { href: r.url });
  appendPieces(title, highlight(r.title, this.terms));
  var meta = [];
  if (r.date) meta.push(el('time', { datetime: r.date, text: r.date }));
  if (r.severity) meta.push(el('span', { className: 'search-severity', text: r.severity }));
  if (r.services.length) {
    meta.push(el('span', { className: 'search-services' }, [
      el('span', { className: 'visually-hidden', text: 'Services: ' }),
      r.services.join(', ')
    ]));
  }
  if (r.status) meta.push(el('span', { className: 'search-status-tag status-' + r.status, text: capitalize(r.status) }));
  var metaP = el('p', { className: 'search-meta' });
  meta.forEach(function (m, i) {
    if (i) metaP.appendChild(document.createTextNode(' · '));
    metaP.appendChild(m);
  });
  var li = el('li', { className: 'search-hit', 'data-score': String(hit.score) },
    [el('h2', { className: 'search-title' }, [title]), metaP]);
  var found = matches(r.items, this.terms);
  if (found.length) {
    var ul = el('ul', { className: 'search-matches', 'aria-label': 'Where it matched' });
    found.forEach(function (m) {
      var frag = el('span', { className: 'search-fragment' });
      appendPieces(frag, m.pieces);
      ul.appendChild(el('li', { className: 'search-match' }, [
        el('a', { href: r.url + '#' + m.anchor }, [
          el('span', { className: 'search-section', text: m.section }), ' ', frag
        ])
      ]));
    });
    li.appendChild(ul);
  } else {
    var l = lead(r.items);
    if (l) {
      var p = el('p', { className: 'search-snippet' });
      appendPieces(p, l.pieces);
      li.appendChild(p);
    }
  }
  return li;
};

App.prototype.renderFacets = function (facets) {
  var self = this;
  this.facetBox.textContent = '';
  Object.keys(FACET_TITLES).forEach(function (f) {
    var values = facets[f] || [];
    if (values.length === 0) return;
    var fs = el('fieldset', { className: 'search-facet' }, [el('legend', { text: FACET_TITLES[f] })]);
    values.forEach(function (v, i) {
      var id = 'facet-' + f + '-' + i;
      var checked = (self.filters[f] || []).indexOf(v.value) >= 0;
      var box = el('input', { type: 'checkbox', id: id, value: v.value });
      box.checked = checked;
      box.addEventListener('change', function () {
        var cur = self.filters[f] || [];
        cur = box.checked ? cur.concat([v.value]) : cur.filter(function (x) { return x !== v.value; });
        if (cur.length) self.filters[f] = cur; else delete self.filters[f];
        self.shown = PAGE;
        self.updateURL();
        self.run(false).then(function () {
          var again = document.getElementById(id);
          if (again) again.focus();
        });
      });
      var label = el('label', { for: id }, [
        document.createTextNode(v.label + ' '),
        el('span', { className: 'search-count', text: '(' + v.count + ')' })
      ]);
      fs.appendChild(el('div', { className: 'search-facet-value' }, [box, label]));
    });
    self.facetBox.appendChild(fs);
  });
};

// suggest fills the empty state: with no query, what can be typed; with no
// results, what to change, and searches that do find something, from the
// archive's own most common categories and services.
App.prototype.suggest = function (seq, res) {
  var self = this;
  var filtered = Object.keys(this.filters).length > 0;
  return this.engine.manifest().then(function (m) {
    return Promise.all([self.engine.keywordField(m, 'category'), self.engine.keywordField(m, 'service')]);
  }).then(function (kw) {
    if (seq !== self.seq) return;
    var box = self.empty;
    box.textContent = '';
    if (res) {
      var tips = el('ul', { className: 'search-tips' }, [
        el('li', { text: 'Check the spelling, or use fewer or more general words.' }),
        el('li', { text: 'Drop a word marked + (required) or - (excluded), or the quotes around a phrase.' })
      ]);
      box.appendChild(el('p', { text: 'Nothing matches all of that.' }));
      if (filtered) {
        var clearBtn = el('button', { type: 'button', className: 'search-clear', text: 'Clear the filters' });
        clearBtn.addEventListener('click', function () {
          self.filters = {};
          self.updateURL();
          self.run(false);
        });
        tips.insertBefore(el('li', {}, ['Remove a filter, or ', clearBtn]), tips.firstChild);
      }
      box.appendChild(tips);
    } else {
      box.appendChild(el('p', {}, ['Search for words (', el('code', { text: 'failover' }), '), an exact phrase (',
        el('code', { text: '"rate limit"' }), '), or a field: ', el('code', { text: 'service:checkout-api' }), ', ',
        el('code', { text: 'severity:sev1' }), ', ', el('code', { text: 'year:2024' }), '.']));
    }
    var examples = [];
    [['category', kw[0]], ['service', kw[1]]].forEach(function (p) {
      var field = p[0], k = p[1];
      if (!k) return;
      var counts = [];
      k.postings.forEach(function (post, term) { counts.push({ term: term, n: post.docs.length }); });
      counts.sort(function (a, b) { return b.n - a.n || (a.term < b.term ? -1 : 1); });
      counts.slice(0, 3).forEach(function (c) {
        examples.push({ q: field + ':' + c.term, label: k.labels.get(c.term) || c.term, kind: field, n: c.n });
      });
    });
    if (examples.length) {
      var ul = el('ul', { className: 'search-examples' });
      examples.forEach(function (x) {
        ul.appendChild(el('li', {}, [el('a', { href: self.searchURL + '?q=' + encodeURIComponent(x.q) }, [x.label]),
          el('span', { className: 'search-count', text: ' (' + x.kind + ', ' + x.n + ')' })]));
      });
      box.appendChild(el('p', { text: 'Or try one of the most common:' }));
      box.appendChild(ul);
    }
    box.hidden = false;
  }, function () { /* the index is unavailable: the status says so on a query */ });
};

// onKey moves through the results' links with the arrow keys, title and
// items in order; ArrowUp from the first goes back to the box, Escape too.
// Enter follows the focused link (the browser's default).
App.prototype.onKey = function (e) {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp' && e.key !== 'Escape') return;
  var links = this.links();
  var i = links.indexOf(document.activeElement);
  if (i < 0) return;
  e.preventDefault();
  if (e.key === 'Escape') {
    if (this.input) this.input.focus();
  } else if (e.key === 'ArrowDown') {
    if (i + 1 < links.length) links[i + 1].focus();
  } else if (i > 0) {
    links[i - 1].focus();
  } else if (this.input) {
    this.input.focus();
  }
};

function start() {
  if (typeof document === 'undefined') return;
  var root = document.getElementById('search-app');
  if (root && !root.getAttribute('data-started')) {
    root.setAttribute('data-started', '1');
    new App(root);
  }
}

start();
