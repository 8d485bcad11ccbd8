"""Names that an index page already has: a tag called 'index' gets a page of its own, and a
vocabulary id 'index' is reported (E114, tests/cases/validate/vocab_id_names_an_index_page.yml)."""

from __future__ import annotations

from typing import Any

from generator.site.indexes import by_tag


def test_a_tag_called_index_does_not_replace_the_list_of_tags(tiny_archive: Any) -> None:
    story = tiny_archive.add_good_story()
    story.write_text(story.read_text(encoding="utf-8").replace("photo:", "tags: [index, 敬老]\nphoto:"), encoding="utf-8")
    archive = tiny_archive.load()
    assert archive.errors == ()
    slugs = {group.tag: group.slug for group in by_tag(archive.stories)}
    assert slugs["index"] == "index-2" and "index" not in slugs.values()
