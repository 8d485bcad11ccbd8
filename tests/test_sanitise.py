"""The allowlist sanitiser on rendered story HTML (generator/core/sanitise.py).

The assertions are about what may remain (an allowlist: elements, attributes, URL schemes),
read back with a real HTML parser, so a payload not listed here is held to the same rules.
"""

from __future__ import annotations

import markdown
import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from generator.core.sanitise import POLICY, Sanitiser

EXTENSIONS = ["attr_list", "md_in_html", "tables", "footnotes", "admonition", "toc",
              "pymdownx.superfences", "pymdownx.details"]
SAFE = Sanitiser(("xuexi.cn",))

PAYLOADS = [
    '<img src=x onerror="alert(1)">',
    '<IMG SRC="javascript:alert(1)">',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    "<script>alert(1)</script>",
    "<svg><script>alert(1)</script></svg>",
    "<svg onload=alert(1)>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<![CDATA[<img src=x onerror=alert(1)>]]>",
    '<img alt="<!--" src=x onerror=alert(1) -->',
    "<!--><img src=x onerror=alert(1)>-->",
    '<iframe src="https://evil.example/x"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">x</button></form>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<p style="width: expression(alert(1))">x</p>',
    '<td style="text-align: center; background-image: url(x)">x</td>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel="stylesheet" href="x.css"><style>*{color:red}</style>',
    '<details open ontoggle=alert(1)>x</details>',
    '<video><source onerror="alert(1)"></video>',
    '<video poster="javascript:alert(1)" src="x.mp4"></video>',
    '<a href="x.svg">x</a><embed src="x.svg"><object data="x.html"></object>',
    '<div data-md-component="x" onmouseover=alert(1)>x</div>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '<template><img src=x onerror=alert(1)></template>',
    '<textarea><img src=x onerror=alert(1)></textarea>',
    '<img src=x:alert(alt) onerror=eval(src) alt=0>',
    '<a href="x" target="_blank" ping="https://evil.example">x</a>',
]

MARKDOWN_PAYLOADS = [
    '![图](x.jpg){: onload="alert(1)" }',
    "段落 {: onclick=\"alert(1)\" }",
    '[链接](https://example.org){: href="javascript:alert(1)" }',
    "[链接][r]\n\n[r]: javascript:alert(1)",
    "[链接](javascript:alert(1))",
    "<div markdown>\n![x](x.jpg){: onerror=alert(1) }\n</div>",
    '## 标题 {: style="background:url(x)" onmouseover=alert(1) }',
]


def _check_allowlisted(html: str) -> None:
    tree = HTMLParser(f"<body>{html}</body>")
    for node in tree.body.traverse(include_text=False) if tree.body else ():
        if node.tag in ("body", "-text"):
            continue
        assert node.tag in POLICY.tags, (node.tag, html)
        allowed = POLICY.attributes["*"] | POLICY.attributes.get(node.tag, frozenset())
        for name, value in node.attributes.items():
            assert name in allowed, (node.tag, name, html)
            if name in ("href", "src", "poster", "srcset", "cite") and value and ":" in value.split("/")[0]:
                assert value.split(":")[0].strip().lower() in POLICY.url_schemes, (value, html)
            if name == "style":
                assert all(p.split(":")[0].strip() in POLICY.style_properties
                           for p in (value or "").split(";") if p.strip()), (value, html)
        if node.tag == "iframe":
            assert (node.attributes.get("src") or "https://xuexi.cn").startswith("https://"), html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_html_payload_leaves_only_allowlisted_markup(payload: str) -> None:
    cleaned = SAFE.clean(payload)
    _check_allowlisted(cleaned)
    assert SAFE.clean(cleaned) == cleaned  # stable: nothing hides behind a first pass


@pytest.mark.parametrize("source", MARKDOWN_PAYLOADS)
def test_markdown_payload_renders_to_allowlisted_markup(source: str) -> None:
    rendered = markdown.markdown(source, extensions=EXTENSIONS)
    cleaned = SAFE.clean(rendered)
    _check_allowlisted(cleaned)
    assert "javascript" not in cleaned.lower() or "href" not in cleaned


def test_the_test_can_fail() -> None:
    with pytest.raises(AssertionError):
        _check_allowlisted('<img src="x.jpg" onerror="alert(1)">')
    with pytest.raises(AssertionError):
        _check_allowlisted('<a href="javascript:alert(1)">x</a>')


def test_ordinary_story_html_keeps_its_bytes() -> None:
    source = (
        "## 扎根一线\n\n黄小清**二十年**如一日，*守着*敬老院。[学习强国](https://www.xuexi.cn/a.html \"原文\")\n\n"
        '[![合影](../media/a.jpg){ width="800" height="600" loading="lazy" decoding="async" }](../media/a-zoom.jpg){ .ex-zoom }\n\n'
        "| 年份 | 荣誉 |\n|:---:|---:|\n| 2019 | 中国好人 |\n\n> 引文<br>\n\n---\n\n1. 一\n2. 二\n\n"
        "!!! note \"说明\"\n    内容\n\n```\n<b>代码</b>\n```\n\n`<i>` 与 a &amp; b < c\n"
    )
    rendered = markdown.markdown(source, extensions=EXTENSIONS)
    assert " />" in rendered and 'style="text-align: center;"' in rendered
    assert SAFE.clean(rendered) == rendered


def test_iframe_only_from_listed_video_hosts() -> None:
    kept = SAFE.clean('<iframe src="https://player.xuexi.cn/v?id=1" allowfullscreen></iframe>')
    assert 'src="https://player.xuexi.cn/v?id=1"' in kept
    for src in ("http://xuexi.cn/v", "https://xuexi.cn.evil.example/v", "https://evilxuexi.cn/v", "//xuexi.cn/v"):
        assert "src=" not in SAFE.clean(f'<iframe src="{src}"></iframe>'), src
    assert "src=" not in Sanitiser().clean('<iframe src="https://xuexi.cn/v"></iframe>')
