"""generator.core.text: the one Markdown → plain text pipeline (cards, posters, search, feed)."""

from __future__ import annotations

from typing import Any

from generator.core.editions import Edition, edition_stories
from generator.core.text import excerpt, plain_text, prose
from generator.site.feed import build_feed
from generator.site.model import build_site_model
from generator.site.posters import poster_summary

MARKED = ("![巡线途中](media/xunxian.jpg)\n\n"
          "她**二十年**守着[敬老院](https://example.org/a)，把`孤寡老人`当作亲人{: .lead}[^1]。\n\n"
          "[^1]: 见县志。\n")


def test_marks_links_and_images_never_show_as_text() -> None:
    assert excerpt(MARKED) == "她二十年守着敬老院，把孤寡老人当作亲人。"
    assert list(prose(MARKED)) == ["她二十年守着敬老院，把孤寡老人当作亲人。"]
    text, headings = plain_text("## 一、扎根\n\n" + MARKED)
    assert headings == ("一、扎根",)
    assert "**" not in text and "](" not in text and "![" not in text and "xunxian" not in text


def test_prose_skips_what_is_not_running_text() -> None:
    body = "# 标题\n\n- 一项\n- 两项\n\n| a | b |\n|---|---|\n\n> 引文\n\n```\n代码\n```\n\n<div>块</div>\n\n正文一段。\n"
    assert list(prose(body)) == ["正文一段。"]


def test_excerpt_is_cut_cleanly() -> None:
    long = "一线收费员，" * 30
    cut = excerpt(long, limit=20)
    assert len(cut) <= 20 and cut.endswith("…") and not cut.endswith("，…")
    assert excerpt("") == "" and excerpt("# 只有标题\n") == ""


def test_a_card_without_summary_shows_plain_text(tiny_archive: Any, good_story: str) -> None:
    """The card bug: a story without a summary showed ``**…**``, ``[…](…)`` and ``![…]`` literally."""
    story = good_story.replace("summary: 一线收费员自办敬老院，二十余年如一日赡养孤寡老人。\n", "")
    story = story.replace("黄小清的故事。", MARKED.replace("[^1]", "").replace("\n\n: 见县志。\n", "\n"))
    tiny_archive.write("stories/huang-xiaoqing.md", story)
    tiny_archive.write("stories/media/xunxian.jpg", b"\xff\xd8\xff\xd9")
    tiny_archive.write("stories/media/huang-xiaoqing.jpg", b"\xff\xd8\xff\xd9")
    archive = tiny_archive.load()
    assert archive.ok, [d.format_text() for d in archive.diagnostics]
    model = build_site_model(edition_stories(archive.stories, Edition.INTERNAL), archive.vocab)
    card = model.cards["huang-xiaoqing"]
    assert card.summary == "她二十年守着敬老院，把孤寡老人当作亲人。"
    feed = build_feed(model, "https://x.example.org/")
    assert "她二十年守着敬老院" in str(feed) and "**" not in str(feed)
    poster = poster_summary(archive.stories[0])
    assert poster.startswith("她二十年守着敬老院，把孤寡老人当作亲人。") and "**" not in poster
