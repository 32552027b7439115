// The search page: search as you type, facets, keyboard navigation, the
// query in the URL. Text from the archive only ever reaches the page
// through text nodes; <mark> elements are built here.
import { Engine } from './query.js';
import { queryTerms, highlight, snippet } from './fragment.js';


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
  (children || []).forEach(function (c) { if (c) e.appendChild(c); });
  return e;
}

function appendPieces(parent, pieces) {
  pieces.forEach(function (p) {
    if (p.mark) parent.appendChild(el('mark', { text: p.text }));
    else parent.appendChild(document.createTextNode(p.text));
  });
}

function App(root) {
  this.root = root;
  this.base = root.getAttribute('data-index') || 'browser/';
  this.engine = new Engine(this.base);
  this.form = document.querySelector('form.search-form') || (root.ownerDocument || document).querySelector('form[role="search"]');
  this.input = document.getElementById('search-q');
  this.filters = {};
  this.shown = PAGE;
  this.seq = 0;
  this.build();
}

App.prototype.build = function () {
  var self = this;
  this.status = el('p', { className: 'search-status', role: 'status', 'aria-live': 'polite' });
  this.notice = el('p', { className: 'search-notice', hidden: 'hidden' });
  this.facetBox = el('div', { className: 'search-facets', role: 'group', 'aria-label': 'Filter results' });
  this.list = el('ol', { className: 'search-results', id: 'search-results', 'aria-label': 'Search results' });
  this.more = el('button', { type: 'button', className: 'search-more', hidden: 'hidden', text: 'Show more results' });
  var main = el('div', { className: 'search-main' }, [this.status, this.notice, this.list, this.more]);
  this.root.appendChild(el('div', { className: 'search-layout' }, [this.facetBox, main]));

  var params = new URLSearchParams(window.location.search);
  var q = params.get('q') || '';
  Object.keys(FACET_TITLES).forEach(function (f) {
    var vs = params.getAll(f);
    if (vs.length) self.filters[f] = vs;
  });
  if (this.input) {
    this.input.value = q;
    var timer = null;
    this.input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(function () { self.run(true); }, 200);
    });
    this.input.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown') {
        var first = self.list.querySelector('a');
        if (first) { e.preventDefault(); first.focus(); }
      }
    });
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
    this.status.textContent = 'Type words to search the retrospectives.';
    return Promise.resolve();
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
};

App.prototype.render = function (facets) {
  var self = this;
  var res = this.result;
  if (!res) return Promise.resolve();
  var seq = this.seq;
  if (facets) this.renderFacets(res);
  var page = res.hits.slice(0, this.shown);
  return this.engine.records(page.map(function (h) { return h.doc; })).then(function (recs) {
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
  });
};

App.prototype.renderHit = function (r, hit) {
  var a = el('a', { href: r.url });
  appendPieces(a, highlight(r.title, this.terms));
  var meta = el('p', { className: 'search-meta' });
  if (r.date) meta.appendChild(el('time', { datetime: r.date, text: r.date }));
  if (r.severity) {
    if (r.date) meta.appendChild(document.createTextNode(' · '));
    meta.appendChild(el('span', { className: 'search-severity', text: r.severity }));
  }
  var snip = el('p', { className: 'search-snippet' });
  appendPieces(snip, snippet(r.passages, this.terms));
  var li = el('li', { className: 'search-hit', 'data-score': String(hit.score) },
    [el('h2', { className: 'search-title' }, [a]), meta, snip]);
  return li;
};

App.prototype.renderFacets = function (res) {
  var self = this;
  this.facetBox.textContent = '';
  Object.keys(FACET_TITLES).forEach(function (f) {
    var values = res.facets[f] || [];
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

// onKey moves between results with the arrow keys; Enter follows the
// focused link (the browser's default).
App.prototype.onKey = function (e) {
  if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
  var links = Array.prototype.slice.call(this.list.querySelectorAll('.search-title a'));
  var i = links.indexOf(document.activeElement);
  if (i < 0) return;
  e.preventDefault();
  if (e.key === 'ArrowDown' && i + 1 < links.length) links[i + 1].focus();
  else if (e.key === 'ArrowUp') {
    if (i > 0) links[i - 1].focus();
    else if (this.input) this.input.focus();
  }
};

function start() {
  if (typeof document === 'undefined') return;
  var go = function () {
    var root = document.getElementById('search-app');
    if (root && !root.getAttribute('data-started')) {
      root.setAttribute('data-started', '1');
      new App(root);
    }
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', go);
  else go();
}

start();
