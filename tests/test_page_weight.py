"""The filters that keep every page light (generator/adapter/filters.py): indentation squeezed out
without touching what a browser shows, material's script configuration written compactly."""

from __future__ import annotations

import json
import re

from generator.adapter.filters import compact_config, squeeze


def test_squeeze_writes_each_run_of_space_with_a_line_break_as_one_line_break() -> None:
    html = '<ul>\n    <li class="a">\n      一\n    </li>\n  \n\n  <li>二 <b>三</b>\n</li>\n</ul>'
    assert squeeze(html) == '<ul>\n<li class="a">\n一\n</li>\n<li>二 <b>三</b>\n</li>\n</ul>'


def test_squeeze_keeps_spaces_within_a_line_and_runs_without_a_line_break() -> None:
    html = "<p>甲  乙\t丙 <a>丁</a> 戊</p>"
    assert squeeze(html) == html
    # an ideographic or a no-break space is text, not layout: kept, also at the start of a line
    assert squeeze("<p>\n\u3000\u3000段首\n\u00a0x</p>") == "<p>\n\u3000\u3000段首\n\u00a0x</p>"


def test_squeeze_leaves_text_whose_spaces_matter_as_written() -> None:
    kept = ['<pre><code class="language-py">def f():\n    return 1\n\n\n</code></pre>',
            "<textarea>\n  a\n    b</textarea>", '<script>\n  var a = `x\n    y`;\n</script>',
            "<style>\n  p { color: red; }\n</style>", "<code>a\n   b</code>", "<KBD>\n  Ctrl</KBD>",
            '<svg viewBox="0 0 2 2">\n  <text>\n    a  b</text>\n</svg>']
    for html in kept:
        wrapped = f"<div>\n    {html}\n    </div>"
        assert squeeze(wrapped) == f"<div>\n{html}\n</div>", html


def test_compact_config_gives_the_same_object_in_fewer_bytes() -> None:
    data = {"base": "..", "features": ["navigation.tabs"], "translations": {"search.result.none": "没有找到符合条件的结果"},
            "tricky": "</script><!-- & ' \"", "version": None}
    from jinja2.utils import htmlsafe_json_dumps

    page = f'<p>x</p><script id="__config" type="application/json">{htmlsafe_json_dumps(data)}</script>'
    compact = str(compact_config(page))
    body = re.search(r'<script id="__config" type="application/json">(.*?)</script>', compact, re.S)
    assert body is not None and json.loads(body.group(1)) == data
    assert "没有找到" in compact and "\\u6ca1" not in compact
    assert "</script><" not in body.group(1) and "<!--" not in body.group(1) and "&" not in body.group(1)
    assert len(compact) < len(page)
