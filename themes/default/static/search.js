/* kyyeu search. Plain JavaScript, no library.
 *
 * The index (written by kyyeu, see src/search.rs) is a set of small script
 * files that call kyyeuSearch.add(kind, number, data): a manifest ("m"),
 * postings shards ("t": sorted ranges of words), documents ("d") and unit
 * lists ("u"). They are loaded as <script> elements, not with fetch(), so
 * that search also works from a copy opened from disk (file://). A query
 * loads the manifest, the shard of each of its words and the documents it
 * shows.
 *
 * Words are folded as kyyeu folds them: lowercase, decomposed, combining
 * marks dropped, đ -> d. So "doan ket" finds "Đoàn kết", and typing the marks
 * works too. Every word must match; the last one also matches as a prefix.
 * Index data is only ever put in the page with textContent. */
(function () {
  "use strict";

  var PAGE = 20; // results shown at a time
  var PREFIX_BYTES = 256 * 1024; // most shard bytes loaded to complete a prefix
  var MAX_TERM = 40; // longest word indexed, in characters
  var WORD = /[\p{Alphabetic}\p{N}\p{M}]+/gu;

  function fold(text) {
    return String(text).toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d");
  }

  function terms(folded) {
    return folded.split(/[^\p{Alphabetic}\p{N}]+/u).filter(function (t) {
      return t !== "" && Array.from(t).length <= MAX_TERM;
    });
  }

  function own(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key);
  }

  /* What the user typed, folded: the distinct words, and whether the last
     one is still being typed (then it also matches as a prefix). */
  function parse(query) {
    var folded = fold(query);
    var list = [];
    terms(folded).forEach(function (t) {
      if (list.indexOf(t) < 0) list.push(t);
    });
    var last = list[list.length - 1];
    return { terms: list, prefix: list.length > 0 && folded.slice(-last.length) === last };
  }

  var loaded = {}; // "kind:n" -> data
  var waiting = {}; // "kind:n" -> promise

  /* Loads one file of the index as a script; resolves with its data. */
  function loader(base, kind, n, query) {
    var key = kind + ":" + n;
    if (own(waiting, key)) return waiting[key];
    var path = kind === "m" ? "manifest.js" : kind + "/" + n + ".js";
    waiting[key] = new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.onload = function () {
        if (own(loaded, key)) resolve(loaded[key]);
        else reject(new Error("no data in " + path));
      };
      script.onerror = function () {
        delete waiting[key];
        reject(new Error("cannot load " + path));
      };
      script.src = base + path + query;
      document.head.appendChild(script);
    });
    return waiting[key];
  }

  /* Merges flat (gap, weight) postings into doc -> weight, where a weight is
     2 x count + (1 if in the title). */
  function decode(flat, into) {
    var doc = 0;
    for (var i = 0; i + 1 < flat.length; i += 2) {
      doc += flat[i];
      var w = flat[i + 1];
      var old = into.get(doc);
      into.set(doc, old === undefined ? w : ((old >> 1) + (w >> 1)) * 2 + ((old | w) & 1));
    }
    return into;
  }

  /* The index of one language, in the folder `base`. */
  function Engine(base) {
    var self = this;
    this.load = function (kind, n) {
      var query = kind === "m" ? "?t=" + Date.now() : "?v=" + self.manifest.version;
      return loader(base, kind, n, query);
    };
    this.ready = this.load("m", 0).then(function (manifest) {
      self.manifest = manifest;
      return manifest;
    });
  }

  /* The last shard whose first word is <= term (shards are in JavaScript's
     string order). */
  Engine.prototype.shardOf = function (term) {
    var firsts = this.manifest.shards;
    var lo = 0;
    var hi = firsts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (firsts[mid] <= term) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  /* The shards that hold `term`, or, for a prefix, the words it begins
     (as many as PREFIX_BYTES allows). */
  Engine.prototype.shardsFor = function (term, prefix) {
    var m = this.manifest;
    var first = this.shardOf(term);
    var list = [first];
    var bytes = m.sizes[first];
    for (var i = first + 1; prefix && i < m.shards.length && m.shards[i].indexOf(term) === 0; i++) {
      if (bytes + m.sizes[i] > PREFIX_BYTES) break;
      bytes += m.sizes[i];
      list.push(i);
    }
    return list;
  };

  /* doc -> weight for one word. */
  Engine.prototype.postings = function (term, prefix) {
    var self = this;
    var shards = this.shardsFor(term, prefix);
    return Promise.all(shards.map(function (n) { return self.load("t", n); })).then(function (list) {
      var found = new Map();
      list.forEach(function (shard) {
        if (!prefix) {
          if (own(shard, term)) decode(shard[term], found);
          return;
        }
        Object.keys(shard).forEach(function (word) {
          if (word.indexOf(term) === 0) decode(shard[word], found);
        });
      });
      return found;
    });
  };

  /* The documents allowed by the filters: null for all, else a Set. */
  Engine.prototype.allowed = function (filters) {
    var m = this.manifest;
    var range = null;
    m.years.forEach(function (y) {
      if (String(y.year) === String(filters.year || "")) range = y;
    });
    var unit = -1;
    m.units.forEach(function (u, i) {
      if (u.id === filters.unit) unit = i;
    });
    if (!range && unit < 0) return Promise.resolve(null);
    var docs = unit < 0 ? Promise.resolve(null) : this.load("u", unit);
    return docs.then(function (gaps) {
      var set = new Set();
      if (gaps) {
        var doc = 0;
        gaps.forEach(function (g) {
          doc += g;
          if (!range || (doc >= range.first && doc < range.end)) set.add(doc);
        });
      } else {
        for (var d = range.first; d < range.end; d++) set.add(d);
      }
      return set;
    });
  };

  /* The matching documents, best first: those with more of the words in
     their title, then more occurrences, then the newest. With no words and a
     filter, every document the filter allows, newest first. */
  Engine.prototype.search = function (query, filters) {
    var self = this;
    var q = parse(query);
    return this.ready.then(function () {
      var lists = q.terms.map(function (t, i) {
        return self.postings(t, q.prefix && i === q.terms.length - 1);
      });
      return Promise.all([self.allowed(filters || {})].concat(lists));
    }).then(function (all) {
      var allowed = all[0];
      var maps = all.slice(1);
      if (maps.length === 0) {
        var every = allowed ? Array.from(allowed) : [];
        return every.sort(function (a, b) { return b - a; });
      }
      maps.sort(function (a, b) { return a.size - b.size; });
      var scored = [];
      maps[0].forEach(function (w0, doc) {
        if (allowed && !allowed.has(doc)) return;
        var title = 0;
        var count = 0;
        for (var i = 0; i < maps.length; i++) {
          var w = i === 0 ? w0 : maps[i].get(doc);
          if (w === undefined) return;
          title += w & 1;
          count += w >> 1;
        }
        scored.push([doc, title, count]);
      });
      scored.sort(function (a, b) { return b[1] - a[1] || b[2] - a[2] || b[0] - a[0]; });
      return scored.map(function (s) { return s[0]; });
    });
  };

  Engine.prototype.docs = function (ids) {
    var self = this;
    var per = (self.manifest && self.manifest.docs_per_file) || 4;
    return Promise.all(ids.map(function (id) {
      return self.load("d", Math.floor(id / per)).then(function (group) { return group[id % per]; });
    }));
  };

  /* Which of the query's words a word of the text matches: its index, or -1. */
  function matcher(q) {
    var last = q.terms.length - 1;
    return function (word) {
      var parts = terms(fold(word));
      for (var i = 0; i < parts.length; i++) {
        var at = q.terms.indexOf(parts[i]);
        if (at >= 0) return at;
        if (q.prefix && parts[i].indexOf(q.terms[last]) === 0) return last;
      }
      return -1;
    };
  }

  /* Appends `text` to `parent`, its matching words in <mark>. */
  function appendMarked(parent, text, matches) {
    var at = 0;
    text.replace(WORD, function (word, offset) {
      if (matches(word) >= 0) {
        parent.appendChild(document.createTextNode(text.slice(at, offset)));
        var mark = document.createElement("mark");
        mark.textContent = word;
        parent.appendChild(mark);
        at = offset + word.length;
      }
      return word;
    });
    parent.appendChild(document.createTextNode(text.slice(at)));
  }

  /* About 260 characters of `text`, where the most of the query's words
     are found closest together. */
  function excerpt(text, matches) {
    var found = [];
    text.replace(WORD, function (word, offset) {
      var term = matches(word);
      if (term >= 0) found.push([offset, term]);
      return word;
    });
    var best = -1;
    var bestCount = 0;
    found.forEach(function (f, i) {
      var seen = {};
      var count = 0;
      for (var j = i; j < found.length && found[j][0] - f[0] < 200; j++) {
        if (!seen[found[j][1]]) count++;
        seen[found[j][1]] = true;
      }
      if (count > bestCount) {
        best = f[0];
        bestCount = count;
      }
    });
    var start = best < 80 ? 0 : text.lastIndexOf(" ", best - 60) + 1;
    var end = start + 260 >= text.length ? text.length : text.indexOf(" ", start + 260);
    if (end < 0) end = text.length;
    return (start > 0 ? "… " : "") + text.slice(start, end) + (end < text.length ? " …" : "");
  }

  /* The search page: form, filters, results. */
  function Page(box) {
    this.box = box;
    this.data = box.dataset;
    this.input = document.getElementById("search-q");
    this.year = document.getElementById("search-year");
    this.unit = document.getElementById("search-unit");
    this.status = document.getElementById("search-status");
    this.results = document.getElementById("search-results");
    this.more = document.getElementById("search-more");
    this.engine = new Engine(this.data.index);
    this.seq = 0;
    this.found = [];
    this.shown = 0;
  }

  Page.prototype.start = function () {
    var self = this;
    document.getElementById("search-nojs").hidden = true;
    document.getElementById("search-form").hidden = false;
    var params = new URLSearchParams(window.location.search);
    this.input.value = params.get("q") || "";
    var timer = 0;
    this.input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { self.run(); }, 150);
    });
    document.getElementById("search-form").addEventListener("submit", function (e) {
      e.preventDefault();
      clearTimeout(timer);
      self.run();
    });
    this.year.addEventListener("change", function () { self.run(); });
    this.unit.addEventListener("change", function () { self.run(); });
    this.more.addEventListener("click", function () { self.showMore(true); });
    this.engine.ready.then(function (m) {
      m.years.forEach(function (y) { self.option(self.year, y.year, y.year); });
      m.units.forEach(function (u) { self.option(self.unit, u.id, u.name); });
      self.year.value = params.get("year") || "";
      self.unit.value = params.get("unit") || "";
      self.run();
    }, function () { self.say(self.data.error); });
  };

  Page.prototype.option = function (select, value, text) {
    var option = document.createElement("option");
    option.value = String(value);
    option.textContent = String(text);
    select.appendChild(option);
  };

  Page.prototype.say = function (text) {
    this.status.textContent = text;
  };

  Page.prototype.run = function () {
    var self = this;
    var seq = ++this.seq;
    var query = this.input.value;
    var filters = { year: this.year.value, unit: this.unit.value };
    this.remember(query, filters);
    this.results.textContent = "";
    this.more.hidden = true;
    this.q = parse(query);
    if (this.q.terms.length === 0 && !filters.year && !filters.unit) {
      this.say("");
      return;
    }
    var slow = setTimeout(function () { if (seq === self.seq) self.say(self.data.loading); }, 400);
    this.engine.search(query, filters).then(function (found) {
      if (seq !== self.seq) return;
      clearTimeout(slow);
      self.found = found;
      self.shown = 0;
      var n = found.length;
      self.say(n === 0 ? self.data.none : n === 1 ? self.data.countOne : self.data.count.replace("{n}", n));
      self.showMore(false);
    }, function () {
      clearTimeout(slow);
      if (seq === self.seq) self.say(self.data.error);
    });
  };

  /* Keeps the query in the address, so that results can be linked. */
  Page.prototype.remember = function (query, filters) {
    var params = new URLSearchParams();
    if (query) params.set("q", query);
    if (filters.year) params.set("year", filters.year);
    if (filters.unit) params.set("unit", filters.unit);
    var search = params.toString();
    try {
      window.history.replaceState(null, "", search ? "?" + search : window.location.pathname);
    } catch (e) {
      /* Some browsers refuse this for file:// pages; the search still works. */
    }
  };

  Page.prototype.showMore = function (focus) {
    var self = this;
    var seq = this.seq;
    var ids = this.found.slice(this.shown, this.shown + PAGE);
    this.shown += ids.length;
    this.more.hidden = true;
    this.engine.docs(ids).then(function (docs) {
      if (seq !== self.seq) return;
      var matches = matcher(self.q);
      var items = docs.map(function (doc) { return self.item(doc, matches); });
      items.forEach(function (li) { self.results.appendChild(li); });
      self.more.hidden = self.shown >= self.found.length;
      if (focus && items.length > 0) items[0].querySelector("a").focus();
    }, function () {
      if (seq === self.seq) self.say(self.data.error);
    });
  };

  Page.prototype.item = function (doc, matches) {
    var m = this.engine.manifest;
    var li = document.createElement("li");
    li.className = "item";
    var a = document.createElement("a");
    a.className = "item-title";
    a.href = this.data.root + doc.url;
    if (doc.lang) {
      a.lang = doc.lang;
      a.hreflang = doc.lang;
    }
    appendMarked(a, doc.title, matches);
    li.appendChild(a);
    if (doc.lang && own(m.langs, doc.lang)) {
      var other = document.createElement("small");
      other.className = "other-lang";
      other.textContent = m.langs[doc.lang];
      li.appendChild(document.createTextNode(" "));
      li.appendChild(other);
    }
    if (doc.year) {
      var meta = document.createElement("div");
      meta.className = "item-meta";
      meta.appendChild(document.createTextNode(this.data.yearTitle.replace("{year}", doc.year) + " · "));
      var time = document.createElement("time");
      time.dateTime = doc.iso;
      time.textContent = doc.date;
      meta.appendChild(time);
      if (doc.units.length > 0) meta.appendChild(document.createTextNode(" · " + doc.units.join(", ")));
      li.appendChild(meta);
    }
    var p = document.createElement("p");
    p.className = "item-summary";
    if (doc.lang) p.lang = doc.lang;
    appendMarked(p, excerpt(doc.text, matches), matches);
    li.appendChild(p);
    return li;
  };

  window.kyyeuSearch = {
    add: function (kind, n, data) {
      loaded[kind + ":" + n] = data;
    },
    fold: fold,
    terms: terms,
    parse: parse,
    excerpt: excerpt,
    matcher: matcher,
    Engine: Engine
  };

  var box = typeof document !== "undefined" && document.getElementById("search");
  if (box) new Page(box).start();
})();
