// Runs the shipped search ranking (theme_overrides/assets/exemplar/search.js) under node.
//   node benchmarks/search_rank.js SEARCH_JS SITE_DIR < queries.json > results.json
// queries.json: ["黄小清", …]; results: [{query, results: [{url, title, matched, of, score}], ms}, …]
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const api = require(path.resolve(process.argv[2]));
const site = path.resolve(process.argv[3]);
vm.runInNewContext(fs.readFileSync(path.join(site, "search", "index.js"), "utf8"), { exemplarSearch: api });
const started = process.hrtime.bigint();
const index = new api.Index(api.data);
const loadMs = Number(process.hrtime.bigint() - started) / 1e6;
const limit = Number(process.env.SEARCH_LIMIT || 10);
const queries = JSON.parse(fs.readFileSync(0, "utf8"));
const out = queries.map((query) => {
  const t = process.hrtime.bigint();
  const results = index.search(query, limit);
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  return {
    query, ms,
    results: results.map((r) => ({ url: r.url, title: r.title, matched: r.matched, of: r.of, score: r.score, needles: r.needles })),
  };
});
process.stdout.write(JSON.stringify({ load_ms: loadMs, queries: out }));
