/* 榜样档案 · search client.
 *
 * Runs in the page (no Web Worker), so it works over http and from file:// alike: the
 * index and the texts for snippets are loaded with <script> tags, never fetch/XHR. The
 * index format is described in generator/outputs/search_index.py, which writes it at build time
 * (jieba segmentation, sub-words, pinyin, field weights).
 *
 * The same file is the ranking that the relevance benchmark and tests run under node
 * (module.exports): there is one ranking, the shipped one.
 *
 * Ranking: the query is folded (NFKC, lower case), converted to simplified characters
 * (the index's table), split into words; a Chinese run is cut into index terms by the
 * longest cover; a piece that is no index term is never dropped: it matches the terms that
 * contain it, titles, names and facts that show it, and documents where it may stand across
 * two words (loose; the box says so); the last, unfinished word also matches as a prefix;
 * an ASCII word that matches nothing is tried with one or two typos; a Chinese run whose
 * pinyin is an exemplar's name (a wrong character of the same sound) matches that name. A
 * document scores, per query word, its best term's stored score times the term's idf;
 * documents that match more of the query words always rank first; among those that match
 * as many, stories come before index pages (a unit, an honour, a tag), then stories that
 * are about more of the words (a match in the profile) before those that mention them.
 */
(function (root) {
  "use strict";

  var ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var SCORE_BASE = 0.1;
  var SCORE_RATIO = 1.12;
  var VALUES = new Int8Array(128).fill(-1);
  var SCORES = new Float64Array(64);
  for (var i = 0; i < 64; i++) {
    VALUES[ALPHABET.charCodeAt(i)] = i;
    SCORES[i] = SCORE_BASE * Math.pow(SCORE_RATIO, i);
  }
  var INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\ufeff]/g;
  var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  var RUNS = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
  var WORDS = /[^\p{L}\p{N}]+/u;
  var LONGEST_TERM = 12;
  var PREFIX_TERMS = 60;
  var MAX_CONCEPTS = 30;
  var FACTOR = { exact: 1, prefix: 0.8, sound: 0.9, typo: 0.6, loose: 0.7, across: 0.5 };
  var LOOSE_TERMS = 120;
  var ACROSS_TERMS = 20;
  /* Common surnames: a three-character word that begins with one is taken for a name. */
  var SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟" +
    "谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤官温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝";
  var ENDS_SENTENCE = /[。！？；…：:!?;”’」』）)]$/;
  var ITEM_BREAK = /[、·，,（）()\/\s]/;

  function fold(text) {
    return String(text || "").normalize("NFKC").replace(INVISIBLE, "").toLowerCase();
  }

  function Index(data) {
    this.docs = data.d;
    this.terms = data.t ? data.t.split(" ") : [];
    this.lists = data.p ? data.p.split(" ") : [];
    this.build = data.b || "";
    this.sounds = data.py || {};
    this.cache = new Map();
    this.charSounds = null;
    this.asciiTerms = null;
    this.hanTerms = null;
    this.profile = SCORES[data.pf || 63];
    /* Traditional → simplified (the index's own characters and phrases only). */
    this.tchars = new Map();
    var pairs = data.ts || "";
    for (var k = 0; k + 1 < pairs.length; k += 2) this.tchars.set(pairs[k], pairs[k + 1]);
    this.tphrases = data.tp || {};
    this.tlongest = 0;
    for (var key in this.tphrases) this.tlongest = Math.max(this.tlongest, key.length);
  }

  /* 黃小清 → 黄小清: phrases first (longest first), then characters, as the build expects. */
  Index.prototype.simplified = function (text) {
    var out = "";
    for (var i = 0; i < text.length;) {
      var done = false;
      for (var size = Math.min(this.tlongest, text.length - i); size >= 2 && !done; size--) {
        var found = this.tphrases[text.slice(i, i + size)];
        if (typeof found === "string") { out += found; i += size; done = true; }
      }
      if (!done) { out += this.tchars.get(text[i]) || text[i]; i++; }
    }
    return out;
  };

  /* Han terms that contain a piece (not a word of the index): 尤溪 → 尤溪县, shortest first. */
  Index.prototype.containing = function (piece, limit) {
    if (!this.hanTerms) {  /* listed on first use */
      this.hanTerms = [];
      for (var at = 0; at < this.terms.length; at++) {
        if (HAN.test(this.terms[at][0])) this.hanTerms.push(at);
      }
    }
    var found = [];
    for (var k = 0; k < this.hanTerms.length; k++) {
      var term = this.terms[this.hanTerms[k]];
      if (piece && term.length > piece.length && term.indexOf(piece) >= 0) found.push(this.hanTerms[k]);
    }
    var terms = this.terms;
    found.sort(function (a, b) { return terms[a].length - terms[b].length || a - b; });
    return found.slice(0, limit);
  };

  /* Documents where a piece may stand across two words (工程师傅 in 工程师|傅… is no help, but
     夜读台灯 in 夜读|台灯 is): a word ending with its first two or more characters and one
     beginning with the other two or more, in the same document. doc → score. One character
     on either side would match too much, and cost too much to look up. */
  Index.prototype.across = function (piece) {
    var self = this, out = new Map();
    this.containing("", 0);  /* the Han terms, listed once */
    for (var k = 2; k + 2 <= piece.length; k++) {
      var head = piece.slice(0, k), tail = piece.slice(k), lefts = [];
      for (var i = 0; i < this.hanTerms.length && lefts.length < ACROSS_TERMS; i++) {
        var term = this.terms[this.hanTerms[i]];
        if (term.length > head.length && term.slice(-head.length) === head) lefts.push(this.hanTerms[i]);
      }
      var rights = this.find(tail) >= 0 ? [this.find(tail)] : this.prefixed(tail, ACROSS_TERMS);
      if (!lefts.length || !rights.length) continue;
      var left = new Map();
      lefts.forEach(function (at) {
        var list = self.postings(at);
        list.docs.forEach(function (doc, n) { left.set(doc, Math.max(left.get(doc) || 0, list.scores[n] * list.idf)); });
      });
      rights.forEach(function (at) {
        var list = self.postings(at);
        list.docs.forEach(function (doc, n) {
          if (!left.has(doc)) return;
          var s = Math.min(left.get(doc), list.scores[n] * list.idf), had = out.get(doc);
          if (!had || s > had) out.set(doc, s);
        });
      });
    }
    return out;
  };

  /* Documents whose title, name or line of facts hold the text as it is (across words). */
  Index.prototype.shownWith = function (text) {
    if (!this.shown) {  /* the archive's own text: already in the characters the table converts to */
      this.shown = this.docs.map(function (d) { return (d[1] + "\u0001" + d[2] + "\u0001" + d[3]).toLowerCase(); });
    }
    var found = [];
    for (var n = 0; n < this.shown.length; n++) {
      if (this.shown[n].indexOf(text) >= 0) found.push(n);
    }
    return found;
  };

  /* The first position whose term is >= key (terms are sorted by UTF-16 code units). */
  Index.prototype.lowerBound = function (key) {
    var lo = 0, hi = this.terms.length;
    while (lo < hi) {
      var mid = (lo + hi) >>> 1;
      if (this.terms[mid] < key) lo = mid + 1; else hi = mid;
    }
    return lo;
  };

  Index.prototype.find = function (term) {
    var at = this.lowerBound(term);
    return at < this.terms.length && this.terms[at] === term ? at : -1;
  };

  Index.prototype.prefixed = function (prefix, limit) {
    var out = [];
    for (var at = this.lowerBound(prefix); at < this.terms.length && out.length < limit; at++) {
      if (this.terms[at].lastIndexOf(prefix, 0) !== 0) break;
      out.push(at);
    }
    return out;
  };

  /* A term's postings: document numbers and scores, decoded once. */
  Index.prototype.postings = function (at) {
    var hit = this.cache.get(at);
    if (hit) return hit;
    var text = this.lists[at], docs = [], scores = [], doc = -1;
    for (var k = 0; k < text.length;) {
      var gap = 0, shift = 0, v = VALUES[text.charCodeAt(k++)];
      while (v & 32) {
        gap |= (v & 31) << shift;
        shift += 5;
        v = VALUES[text.charCodeAt(k++)];
      }
      doc += (gap | (v << shift)) + 1;
      docs.push(doc);
      scores.push(SCORES[VALUES[text.charCodeAt(k++)]]);
    }
    var n = this.docs.length, df = docs.length;
    hit = { docs: docs, scores: scores, idf: Math.log(1 + (n - df + 0.5) / (df + 0.5)) };
    this.cache.set(at, hit);
    return hit;
  };

  /* The longest cover of a Chinese run by index terms: [{start, end, at}] (at -1: not covered). */
  Index.prototype.segment = function (run) {
    var n = run.length, best = new Array(n + 1);
    best[0] = { cover: 0, count: 0, from: -1, at: -1 };
    function relax(j, cover, count, from, at) {
      var b = best[j];
      if (!b || cover > b.cover || (cover === b.cover && count < b.count)) {
        best[j] = { cover: cover, count: count, from: from, at: at };
      }
    }
    for (var i = 0; i < n; i++) {
      var here = best[i];
      relax(i + 1, here.cover, here.count + 1, i, -1);
      for (var j = Math.min(n, i + LONGEST_TERM); j >= i + 2; j--) {
        var at = this.find(run.slice(i, j));
        if (at >= 0) relax(j, here.cover + (j - i), here.count + 1, i, at);
      }
    }
    var parts = [];
    for (var end = n; end > 0; end = best[end].from) {
      var step = best[end], last = parts[0];
      if (step.at < 0 && last && last.at < 0) last.start = step.from;
      else parts.unshift({ start: step.from, end: end, at: step.at });
    }
    return parts;
  };

  /* Index terms that spell a Chinese run's sound: 黄小青 → huangxiaoqing (an exemplar's name). */
  Index.prototype.soundsLike = function (run) {
    if (!this.charSounds) {
      this.charSounds = new Map();
      for (var syllable in this.sounds) {
        for (var c of this.sounds[syllable]) {
          var list = this.charSounds.get(c) || [];
          list.push(syllable);
          this.charSounds.set(c, list);
        }
      }
    }
    var spellings = [""];
    for (var ch of run) {
      var readings = this.charSounds.get(ch);
      if (!readings) return [];
      var next = [];
      spellings.forEach(function (s) { readings.forEach(function (r) { if (next.length < 32) next.push(s + r); }); });
      spellings = next;
    }
    var found = [];
    for (var k = 0; k < spellings.length; k++) {
      var at = this.find(spellings[k]);
      if (at >= 0 && found.indexOf(at) < 0) found.push(at);
    }
    return found;
  };

  /* ASCII terms within one typo (two for long words): luojainhua → luojianhua. */
  Index.prototype.typos = function (word) {
    if (!this.asciiTerms) {
      this.asciiTerms = [];
      for (var at = 0; at < this.terms.length; at++) {
        if (this.terms[at].charCodeAt(0) < 128) this.asciiTerms.push(at);
      }
    }
    var limit = word.length >= 7 ? 2 : 1, found = [];
    for (var k = 0; k < this.asciiTerms.length; k++) {
      var term = this.terms[this.asciiTerms[k]];
      if (Math.abs(term.length - word.length) <= limit && distance(word, term, limit) <= limit) {
        found.push(this.asciiTerms[k]);
      }
    }
    return found;
  };

  /* Optimal string alignment distance, stopping early beyond limit. */
  function distance(a, b, limit) {
    var prev2 = null, prev = [], cur;
    for (var j = 0; j <= b.length; j++) prev.push(j);
    for (var i = 1; i <= a.length; i++) {
      cur = [i];
      var low = i;
      for (var j2 = 1; j2 <= b.length; j2++) {
        var cost = a[i - 1] === b[j2 - 1] ? 0 : 1;
        var v = Math.min(prev[j2] + 1, cur[j2 - 1] + 1, prev[j2 - 1] + cost);
        if (prev2 && i > 1 && j2 > 1 && a[i - 1] === b[j2 - 2] && a[i - 2] === b[j2 - 1]) {
          v = Math.min(v, prev2[j2 - 2] + 1);
        }
        cur.push(v);
        if (v < low) low = v;
      }
      if (low > limit) return limit + 1;
      prev2 = prev;
      prev = cur;
    }
    return prev[b.length];
  }

  /* The query's words: folded, in simplified characters, Han words split by spaces joined
     again where together they are an index term (黄 小清 → 黄小清). */
  Index.prototype.words = function (query) {
    var words = this.simplified(fold(query)).split(WORDS).filter(Boolean), out = [];
    for (var i = 0; i < words.length; i++) {
      var joined = words[i], upto = i;
      if (/^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$/.test(joined)) {
        var grow = joined;
        for (var j = i + 1; j < words.length && j < i + 4 && /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$/.test(words[j]); j++) {
          grow += words[j];
          if (this.find(grow) >= 0) { joined = grow; upto = j; }
        }
      }
      out.push(joined);
      i = upto;
    }
    return out;
  };

  /* The query as concepts (one per word to match), each with its alternative terms.
     No word is dropped: a Chinese piece that is no index term matches the terms that contain
     it and the titles, names and facts that show it (loose); a word that matches nothing
     stays a concept that no document has (the box then says so). */
  Index.prototype.parse = function (query) {
    var self = this, concepts = [];
    var typing = !/\s$/.test(String(query || ""));  /* a last word without a space after it: unfinished */
    var words = this.words(query);
    function alt(at, factor) { return { at: at, factor: factor }; }
    function loose(run, part, text) {
      var alts = [], direct = [], across = null;
      if (text.length >= 2) {
        alts = self.containing(text, LOOSE_TERMS).map(function (at) { return alt(at, FACTOR.loose); });
        direct = self.shownWith(text).map(function (doc) { return [doc, text]; });
        across = self.across(text);
        /* Nothing holds it whole: its longest pieces that something holds (铁手班 → 铁手), unless
           it may be a person's name (three characters from a surname), which finds nobody else. */
        var name = text.length === 3 && SURNAMES.indexOf(text[0]) >= 0;
        for (var size = text.length - 1; size >= 2 && !alts.length && !direct.length && !across.size && !name; size--) {
          for (var i = 0; i + size <= text.length; i++) {
            var piece = text.slice(i, i + size), at = self.find(piece);
            if (at >= 0) alts.push(alt(at, FACTOR.loose));
            self.containing(piece, LOOSE_TERMS).forEach(function (a) { alts.push(alt(a, FACTOR.loose)); });
            direct = direct.concat(self.shownWith(piece).map(function (doc) { return [doc, piece]; }));
          }
        }
      } else {
        /* One character alone says little: with its neighbours in the query, across the word break. */
        [run.slice(Math.max(0, part.start - 1), part.end), run.slice(part.start, part.end + 1)].forEach(function (pair) {
          if (pair.length < 2) return;
          var at = self.find(pair);
          if (at >= 0) alts.push(alt(at, FACTOR.loose));
          self.containing(pair, LOOSE_TERMS).forEach(function (a) { alts.push(alt(a, FACTOR.loose)); });
        });
        direct = self.shownWith(run).map(function (doc) { return [doc, run]; });
      }
      return { label: text, alts: alts, direct: direct, across: across, loose: true };
    }
    words.forEach(function (word, w) {
      var runs = word.match(RUNS) || [];
      runs.forEach(function (run, r) {
        var last = typing && w === words.length - 1 && r === runs.length - 1;
        if (HAN.test(run)) {
          var own = [], parts = self.segment(run);
          parts.forEach(function (part, p) {
            var text = run.slice(part.start, part.end);
            if (part.at >= 0) {
              own.push({ label: text, alts: [alt(part.at, FACTOR.exact)] });
              return;
            }
            var concept = loose(run, part, text);
            if (p === parts.length - 1 && last) {  /* still being typed: also the words it begins */
              var grown = self.prefixed(text, PREFIX_TERMS).map(function (at) { return alt(at, FACTOR.prefix); });
              if (grown.length) concept = { label: text, alts: grown.concat(concept.alts), direct: concept.direct, across: concept.across };
            }
            own.push(concept);
          });
          var sound = run.length >= 2 ? self.soundsLike(run).map(function (at) { return alt(at, FACTOR.sound); }) : [];
          if (sound.length && own.every(function (c) { return c.loose; })) {
            own = [{ label: run, alts: sound, sound: [], near: true }];  /* 黄小青: a name of the same sound */
          } else {
            own.forEach(function (c) { if (!c.sound) c.sound = sound; });
          }
          concepts.push.apply(concepts, own);
        } else {
          var alts = [], exact = self.find(run), near = false;
          if (exact >= 0) alts.push(alt(exact, FACTOR.exact));
          if (last || exact < 0) {
            self.prefixed(run, PREFIX_TERMS).forEach(function (at) { if (at !== exact) alts.push(alt(at, FACTOR.prefix)); });
          }
          if (!alts.length && run.length >= 4) {
            alts = self.typos(run).map(function (at) { return alt(at, FACTOR.typo); });
            near = alts.length > 0;
          }
          if (alts.length || run.length > 1) concepts.push({ label: run, alts: alts, sound: [], near: near });
        }
      });
    });
    return concepts.slice(0, MAX_CONCEPTS);
  };

  /* Ranked results: [{doc, url, title, name, meta, kind, matched, of, subject, score, needles}]. */
  Index.prototype.search = function (query, limit) {
    return this.explain(query, limit).results;
  };

  /* The results, and how the query's words were matched: {results, loose: [word], near: [word],
     missing: [word]} (loose: only as part of longer words or across words; near: by a similar
     sound or spelling; missing: nowhere). */
  Index.prototype.explain = function (query, limit) {
    var self = this, concepts = this.parse(query), found = new Map(), notes = { results: [], loose: [], near: [], missing: [] };
    if (!concepts.length) return notes;
    function entry(doc) {
      var e = found.get(doc);
      if (!e) found.set(doc, e = { doc: doc, mask: 0, subject: 0, score: 0, needles: new Set() });
      return e;
    }
    var n = this.docs.length;
    concepts.forEach(function (concept, c) {
      var best = new Map();
      function keep(doc, s, term, sound, profile) {
        var b = best.get(doc);
        if (!b || s > b.score) best.set(doc, { score: s, term: term, sound: sound, profile: profile || (b && b.profile) });
        else if (profile) b.profile = true;
      }
      function collect(alts, sound) {
        alts.forEach(function (a) {
          var list = self.postings(a.at), weight = list.idf * a.factor, term = self.terms[a.at], profile = self.profile;
          for (var k = 0; k < list.docs.length; k++) {  /* keep(), inlined: the longest lists are walked here */
            var doc = list.docs[k], raw = list.scores[k], s = raw * weight, b = best.get(doc);
            if (!b) best.set(doc, { score: s, term: term, sound: sound, profile: raw >= profile });
            else {
              if (raw >= profile) b.profile = true;
              if (s > b.score) { b.score = s; b.term = term; b.sound = sound; }
            }
          }
        });
      }
      collect(concept.alts, false);
      collect(concept.sound || [], true);
      if (concept.across) {
        concept.across.forEach(function (s, doc) { keep(doc, s * FACTOR.across, concept.label, false, s >= self.profile); });
      }
      if (concept.direct && concept.direct.length) {  /* [doc, the text its title, name or facts show] */
        var df = concept.direct.length, idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        concept.direct.forEach(function (hit) { keep(hit[0], self.profile * idf * FACTOR.loose, hit[1], false, true); });
      }
      if (!best.size) {
        if (concept.label.length > 1) notes.missing.push(concept.label);
      } else if (concept.near) {
        notes.near.push(concept.label);
      } else if (concept.loose && concept.label.length > 1) {
        notes.loose.push(concept.label);
      }
      best.forEach(function (b, doc) {
        var e = entry(doc);
        e.mask |= 1 << c;
        e.score += b.score;
        if (b.profile) e.subject++;
        if (b.sound || b.term.charCodeAt(0) < 128) e.needles.add(fold(self.docs[doc][2]));
        if (!b.sound) e.needles.add(b.term);
      });
    });
    var results = [];
    found.forEach(function (e) {
      var d = self.docs[e.doc], matched = 0;
      for (var m = e.mask; m; m &= m - 1) matched++;
      results.push({
        doc: e.doc, url: d[0], title: d[1], name: d[2], meta: d[3], kind: d[4], matched: matched,
        of: concepts.length, subject: e.subject, score: e.score, needles: Array.from(e.needles).filter(Boolean),
      });
    });
    /* Every word before some; stories before index pages; a story about the words (they are in
       its name, title, summary, honours, unit …) before one that mentions them in its text. */
    results.sort(function (a, b) {
      return b.matched - a.matched || (a.kind ? 1 : 0) - (b.kind ? 1 : 0) || b.subject - a.subject ||
        b.score - a.score || a.doc - b.doc;
    });
    notes.results = limit ? results.slice(0, limit) : results;
    return notes;
  };

  /* Text split into [{text, mark}] pieces around the needles (case-insensitive for ASCII).
     items: the text is a list (荣誉、单位 …): a needle marks the whole item it is in (国网沙县供电公司
     for 沙县, 全国五一劳动奖章 for 五一劳动奖章). */
  function highlight(text, needles, items) {
    text = String(text || "");
    var lower = text.replace(/[A-Z]/g, function (c) { return c.toLowerCase(); });
    var marks = new Uint8Array(text.length);
    needles.forEach(function (needle) {
      if (!needle || needle === "*") return;
      for (var at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + 1)) {
        var from = at, to = at + needle.length;
        if (items) {
          while (from > 0 && !ITEM_BREAK.test(text[from - 1])) from--;
          while (to < text.length && !ITEM_BREAK.test(text[to])) to++;
        }
        marks.fill(1, from, to);
      }
    });
    var pieces = [];
    for (var i = 0; i < text.length;) {
      var j = i;
      while (j < text.length && marks[j] === marks[i]) j++;
      pieces.push({ text: text.slice(i, j), mark: marks[i] === 1 });
      i = j;
    }
    return pieces;
  }

  /* A window of about `size` characters of text that holds the most needles, highlighted. */
  function snippet(text, needles, size) {
    text = paragraphs(text);
    size = size || 110;
    var lower = text.replace(/[A-Z]/g, function (c) { return c.toLowerCase(); });
    var hits = [];
    needles.forEach(function (needle, n) {
      if (!needle || needle === "*") return;
      for (var at = lower.indexOf(needle); at >= 0 && hits.length < 500; at = lower.indexOf(needle, at + 1)) {
        hits.push({ at: at, n: n });
      }
    });
    hits.sort(function (a, b) { return a.at - b.at; });
    var start = 0, bestCount = 0;
    hits.forEach(function (hit) {
      var seen = new Set();
      hits.forEach(function (h) { if (h.at >= hit.at && h.at < hit.at + size - 20) seen.add(h.n); });
      if (seen.size > bestCount) { bestCount = seen.size; start = hit.at; }
    });
    if (start > 0) {
      var from = Math.max(0, start - 24), cut = -1;
      for (var k = start - 1; k >= from; k--) {
        if ("。！？；…".indexOf(text[k]) >= 0) { cut = k + 1; break; }
      }
      start = cut >= 0 ? cut : from;
    }
    var end = Math.min(text.length, start + size);
    var pieces = highlight(text.slice(start, end), needles);
    if (start > 0) pieces.unshift({ text: "…", mark: false });
    if (end < text.length) pieces.push({ text: "…", mark: false });
    return pieces;
  }

  /* Lines joined into one: a line that does not end a sentence (a heading) is set off by " · ". */
  function paragraphs(text) {
    var lines = String(text || "").split(/\s*\n\s*/).filter(Boolean), out = "";
    lines.forEach(function (line, k) {
      out += line;
      if (k < lines.length - 1) out += ENDS_SENTENCE.test(line) ? "" : " · ";
    });
    return out;
  }

  /* Where a result matched outside its title, line of facts and text: the first profile field
     ([label, text]) that holds a needle none of those shows, or null. */
  function matchedField(fields, needles, shown) {
    var lower = function (t) { return String(t || "").replace(/[A-Z]/g, function (c) { return c.toLowerCase(); }); };
    var seen = lower(shown.join("\n")), unseen = needles.filter(function (n) { return n && n !== "*" && seen.indexOf(n) < 0; });
    for (var k = 0; k < (fields || []).length && unseen.length; k++) {
      var value = lower(fields[k][1]);
      if (unseen.some(function (n) { return value.indexOf(n) >= 0; })) return fields[k];
    }
    return null;
  }

  var api = {
    Index: Index, fold: fold, highlight: highlight, snippet: snippet, paragraphs: paragraphs, matchedField: matchedField,
    distance: distance, data: null, texts: new Map(), fields: new Map(),
    onload: null, ontext: null,
    /* Called by search/index.js. */
    load: function (data) { api.data = data; if (api.onload) api.onload(data); },
    /* Called by search/text/<n>.js. */
    text: function (n, text, fields) {
      api.texts.set(n, text);
      api.fields.set(n, fields || []);
      if (api.ontext) api.ontext(n, text);
    },
  };
  root.exemplarSearch = api;
  if (typeof module === "object" && module.exports) module.exports = api;
  if (typeof document !== "undefined") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", function () { setup(api); });
    else setup(api);
  }

  /* --- the dialog in the header (mkdocs-material's look, our behaviour) --- */

  function setup(api) {
    var box = document.querySelector("[data-ex-search]");
    var toggle = document.getElementById("__search");
    if (!box || !toggle) return;
    var form = box.querySelector("form");
    var input = box.querySelector(".md-search__input");
    var status = box.querySelector(".md-search-result__meta");
    var list = box.querySelector(".md-search-result__list");
    var say = {
      placeholder: box.getAttribute("data-ex-placeholder"), none: box.getAttribute("data-ex-none"),
      one: box.getAttribute("data-ex-one"), other: box.getAttribute("data-ex-other"),
      loading: box.getAttribute("data-ex-loading"), failed: box.getAttribute("data-ex-failed"),
      more: box.getAttribute("data-ex-more"), loose: box.getAttribute("data-ex-loose"),
      near: box.getAttribute("data-ex-near"), missing: box.getAttribute("data-ex-missing"),
      masked: box.getAttribute("data-ex-masked") || "",
    };
    var indexSrc = box.getAttribute("data-ex-index");
    var siteRoot = indexSrc.replace(/search\/index\.js$/, "");
    var index = null, state = "idle", results = [], shown = 0, waiting = new Map();
    var PAGE = 10;

    function script(src, onerror) {
      var s = document.createElement("script");
      s.src = src;
      s.async = true;
      s.onload = function () { s.remove(); };  /* it has called exemplarSearch.load/text */
      s.onerror = function () { s.remove(); onerror(); };
      document.head.appendChild(s);
    }

    function ensureIndex() {
      if (state !== "idle") return;
      state = "loading";
      if (input.value) status.textContent = say.loading;
      api.onload = function (data) { index = new Index(data); state = "ready"; run(); };
      script(indexSrc, function () { state = "failed"; status.textContent = say.failed; });
    }

    function withText(n, done) {
      if (api.texts.has(n)) return done(api.texts.get(n));
      var queue = waiting.get(n);
      if (queue) return queue.push(done);
      waiting.set(n, [done]);
      script(siteRoot + "search/text/" + n + ".js?v=" + index.build, function () {
        (waiting.get(n) || []).forEach(function (f) { f(null); });
        waiting.delete(n);
      });
    }
    api.ontext = function (n, text) {
      (waiting.get(n) || []).forEach(function (f) { f(text); });
      waiting.delete(n);
    };

    function fill(parent, pieces) {
      pieces.forEach(function (piece) {
        if (piece.mark) {
          var mark = document.createElement("mark");
          mark.textContent = piece.text;
          parent.appendChild(mark);
        } else {
          parent.appendChild(document.createTextNode(piece.text));
        }
      });
      return parent;
    }

    function item(result) {
      var li = document.createElement("li");
      li.className = "md-search-result__item";
      var a = document.createElement("a");
      a.className = "md-search-result__link";
      a.href = siteRoot + result.url;
      var article = document.createElement("article");
      article.className = "md-search-result__article md-typeset ex-search-result" + (result.kind ? " ex-search-result--page" : "");
      var title = fill(document.createElement("h2"), highlight(result.title, result.needles));
      title.className = "ex-search-result__title";
      article.appendChild(title);
      var line = document.createElement("p");
      line.className = "ex-search-result__meta";
      /* A story: name · unit · top honours (a neutral label when masked); a page: its kind and place. */
      var about = (result.kind ? [result.kind, result.meta] : [result.name === "*" ? say.masked : result.name, result.meta])
        .filter(Boolean).join(" · ");
      fill(line, highlight(about, result.needles, true));
      article.appendChild(line);
      if (!result.kind) {
        var field = document.createElement("p");
        field.className = "ex-search-result__field";
        field.hidden = true;
        article.appendChild(field);
        var text = document.createElement("p");
        text.className = "ex-search-result__snippet";
        article.appendChild(text);
        withText(result.doc, function (body) {
          if (body) fill(text, snippet(body, result.needles));
          /* The match is in a field the card does not show (an honour, a profession, a film): show it. */
          var found = matchedField(api.fields.get(result.doc), result.needles, [result.title, about, body || ""]);
          if (found) {
            var label = document.createElement("span");
            label.className = "ex-search-result__label";
            label.textContent = found[0] + "：";
            field.appendChild(label);
            fill(field, highlight(found[1], result.needles, true));
            field.hidden = false;
          }
        });
      }
      a.appendChild(article);
      li.appendChild(a);
      return li;
    }

    function showMore() {
      var old = list.querySelector(".ex-search-more");
      if (old) old.remove();
      var next = results.slice(shown, shown + PAGE);
      next.forEach(function (r) { list.appendChild(item(r)); });
      shown += next.length;
      if (shown < results.length) {
        var li = document.createElement("li");
        li.className = "ex-search-more";
        var button = document.createElement("button");
        button.type = "button";
        button.className = "md-button";
        button.textContent = say.more.replace("#", String(results.length - shown));
        button.addEventListener("click", function () {
          var first = shown;
          showMore();
          var link = list.querySelectorAll(".md-search-result__link")[first];
          if (link) link.focus();
        });
        li.appendChild(button);
        list.appendChild(li);
      }
    }

    function run() {
      var query = input.value;
      list.textContent = "";
      shown = 0;
      if (!query.trim()) { status.textContent = say.placeholder; results = []; return; }
      if (state === "failed") { status.textContent = say.failed; return; }
      if (!index) { status.textContent = say.loading; ensureIndex(); return; }
      var found = index.explain(query);
      results = found.results;
      status.textContent = !results.length ? say.none
        : results.length === 1 ? say.one : say.other.replace("#", String(results.length));
      /* No word is dropped silently: say which matched only loosely, and which not at all. */
      var notes = [];
      if (found.loose.length && say.loose) notes.push(say.loose.replace("#", found.loose.join("」「")));
      if (found.near.length && say.near) notes.push(say.near.replace("#", found.near.join("」「")));
      if (found.missing.length && results.length && say.missing) notes.push(say.missing.replace("#", found.missing.join("」「")));
      if (notes.length) {
        var hint = document.createElement("span");
        hint.className = "ex-search-hint";
        hint.textContent = notes.join("；");
        status.appendChild(hint);
      }
      showMore();
    }

    function open() {
      if (!toggle.checked) {
        toggle.checked = true;
        toggle.dispatchEvent(new Event("change"));
      }
      input.focus();
    }

    function close() {
      if (toggle.checked) {
        toggle.checked = false;
        toggle.dispatchEvent(new Event("change"));
      }
      input.blur();
    }

    toggle.addEventListener("change", function () {
      if (toggle.checked) {
        ensureIndex();
        setTimeout(function () { input.focus(); }, 0);
      } else {
        input.blur();
      }
    });
    input.addEventListener("focus", function () {
      ensureIndex();
      if (!toggle.checked) {
        toggle.checked = true;
        toggle.dispatchEvent(new Event("change"));
      }
    });
    /* Start loading the index as soon as a reader heads for search, not only on focus. */
    Array.prototype.forEach.call(document.querySelectorAll("label[for=__search]"), function (el) {
      el.addEventListener("pointerenter", ensureIndex);
      el.addEventListener("touchstart", ensureIndex, { passive: true });
    });
    box.addEventListener("pointerenter", ensureIndex);
    input.addEventListener("input", function (event) { if (!event.isComposing) run(); });
    input.addEventListener("compositionend", run);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var first = list.querySelector(".md-search-result__link");
      if (first) first.click();
    });
    form.addEventListener("reset", function () {
      setTimeout(function () { run(); input.focus(); }, 0);
    });

    /* index.html?q=…: search from a link or from the 404 page's form. */
    var asked = new URLSearchParams(location.search).get("q");
    if (asked) {
      input.value = asked;
      open();
      run();
    }

    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      var active = document.activeElement;
      var editing = active && active !== input &&
        (active.isContentEditable || /^(input|textarea|select)$/i.test(active.tagName));
      if (toggle.checked) {
        var links = Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link, .ex-search-more button"));
        var at = links.indexOf(active);
        if (event.key === "Escape") {
          event.preventDefault();
          close();
        } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
          if (!links.length) return;
          event.preventDefault();
          var next = event.key === "ArrowDown" ? at + 1 : (at < 0 ? links.length : at) - 1;
          if (next < 0) input.focus();
          else links[Math.min(next, links.length - 1)].focus();
        } else if (at >= 0 && event.key.length === 1 && !/\s/.test(event.key)) {
          input.focus();
        }
      } else if (!editing && (event.key === "/" || event.key === "s" || event.key === "f")) {
        event.preventDefault();
        open();
      }
    });
  }
})(typeof window !== "undefined" ? window : globalThis);
