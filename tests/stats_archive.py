"""A small archive for the statistics tests, with every count worked out by hand.

Seven published stories and one draft, on the sample archive's vocabulary:

| file          | name (kind)          | unit (depth)                     | pioneer | date       | honours (year)                                   | films (views)                   |
|---------------|----------------------|----------------------------------|---------|------------|--------------------------------------------------|---------------------------------|
| li-hua        | 李华 (个人)          | 国网三明供电公司 (1)             | 正派    | 2021-03-01 | 中国好人 2019, 中国好人 2023, 全国五一劳动奖章 2021, 福建好人 2021 | 新华社 1,000,000; 本地文件 |
| yunwei-banzhang | 王强, masked (个人)  | …/运维检修部/变电运维中心/变电运维一班 (4) | 忠诚 | 2022-05-30 | 星级员工 2020, 国网工匠 2022, 中国好人 2022     | 学习强国 2,500,000              |
| zhao-min      | 赵敏 (个人)          | …/国网沙县供电公司/城区供电所 (3) | 善小    | 2023-01-10 | 中国好人 2023, 福建省见义勇为先进个人 2023      | 中新社 11,500,000               |
| fuwudui       | 双满意服务队 (集体)  | …/国网沙县供电公司 (2)            | 善小    | 2023-06-01 | 全国敬老文明号 2021                              |                                 |
| aixin-mama    | 爱心妈妈 (品牌)      | 国网三明供电公司 (1)             | —       | 2020-08-01 |                                                  |                                 |
| chen-jing     | 陈静 (个人), internal | …/营销部/客户服务中心 (3)        | 忠诚    | 2023-09-01 | 红星党员 2023                                    | 哔哩哔哩 300,000                |
| jiaoshi       | 电力爱心教室 (阵地)  | …/国网沙县供电公司 (2)            | 善小    | 2024-01-05 |                                                  |                                 |
| liu-yang      | 刘洋 (个人), draft   | 国网三明供电公司 (1)             | 正派    | 2023-03-03 | 中国好人 2023                                    | 央视 9,000,000                  |

li-hua's films are internal-only (``internal_fields: [videos]``).
"""

from __future__ import annotations

from pathlib import Path

from .conftest import TinyArchive, make_tiny_archive

SITE_URL = "https://example.org/archive/"

STORIES: dict[str, str] = {
    "li-hua": """\
title: 李华的故事
name: 李华
kind: person
unit: 国网三明供电公司
pioneer: 正派
columns: [礼赞榜样]
date: 2021-03-01
honours:
  - {name: 中国好人, year: 2019}
  - {name: 中国好人, year: 2023}
  - {name: 全国五一劳动奖章, year: 2021}
  - {name: 福建好人, year: 2021}
videos:
  - {title: 新华社报道, url: "https://www.news.cn/a.html", views: 1000000, date: 2021-03-01}
  - {title: 本地存档, file: media/li-hua.mp4}
visibility: public
internal_fields: [videos]
""",
    "yunwei-banzhang": """\
title: 王强的故事
name: 王强
mask_name: true
kind: person
unit: 国网三明供电公司/运维检修部/变电运维中心/变电运维一班
pioneer: 忠诚
columns: [礼赞榜样]
date: 2022-05-30
honours:
  - {name: 星级员工, year: 2020}
  - {name: 国网工匠, year: 2022}
  - {name: 中国好人, year: 2022}
videos:
  - {title: 学习强国报道, url: "https://www.xuexi.cn/b.html", views: 2500000, date: 2022-06-01}
visibility: public
""",
    "zhao-min": """\
title: 赵敏的故事
name: 赵敏
kind: person
unit: 国网三明供电公司/国网沙县供电公司/城区供电所
pioneer: 善小
columns: [榜样就在身边]
date: 2023-01-10
honours:
  - {name: 中国好人, year: 2023}
  - {name: 福建省见义勇为先进个人, year: 2023}
videos:
  - {title: 中新社报道, url: "https://www.chinanews.com.cn/c.html", views: 11500000, date: 2023-02-01}
visibility: public
""",
    "fuwudui": """\
title: 双满意服务队
name: 双满意服务队
kind: collective
unit: sanming/shaxian
pioneer: 善小
columns: [榜样就在身边]
date: 2023-06-01
honours:
  - {name: 全国敬老文明号, year: 2021}
visibility: public
""",
    "aixin-mama": """\
title: 爱心妈妈
name: 爱心妈妈
kind: brand
unit: 国网三明供电公司
columns: [榜样就在身边]
date: 2020-08-01
visibility: public
""",
    "chen-jing": """\
title: 陈静的故事
name: 陈静
kind: person
unit: 国网三明供电公司/营销部/客户服务中心
pioneer: 忠诚
columns: [礼赞榜样]
date: 2023-09-01
honours:
  - {name: 红星党员, year: 2023}
videos:
  - {title: 哔哩哔哩视频, url: "https://www.bilibili.com/video/d", views: 300000, date: 2023-09-01}
visibility: internal
""",
    "jiaoshi": """\
title: 电力爱心教室
name: 电力爱心教室
kind: place
unit: 国网三明供电公司/国网沙县供电公司
pioneer: 善小
columns: [榜样就在身边]
date: 2024-01-05
visibility: public
""",
    "liu-yang": """\
title: 刘洋的故事
name: 刘洋
kind: person
unit: 国网三明供电公司
pioneer: 正派
columns: [礼赞榜样]
date: 2023-03-03
honours:
  - {name: 中国好人, year: 2023}
videos:
  - {title: 央视报道, url: "https://tv.cctv.com/e.html", views: 9000000, date: 2023-03-03}
status: draft
visibility: public
""",
}


def make_stats_archive(root: Path) -> TinyArchive:
    """The archive above, with a mkdocs.yml that sets ``site_url``; it loads without errors."""
    archive = make_tiny_archive(root)
    # The tests choose the reported honours themselves: start from none flagged (the levels keep theirs).
    vocab = archive.stories / "vocab.yml"
    levels, honours = vocab.read_text(encoding="utf-8").split("\nhonours:\n", 1)
    unflagged = "".join(line for line in honours.splitlines(keepends=True) if line.strip() != "report: true")
    vocab.write_text(f"{levels}\nhonours:\n{unflagged}", encoding="utf-8")
    archive.write("mkdocs.yml", f"site_name: 测试档案\nsite_url: {SITE_URL}\ndocs_dir: stories\n")
    archive.write("stories/media/li-hua.mp4", b"\x00\x00\x00\x18ftypmp42")
    for slug, front in STORIES.items():
        archive.write(f"stories/{slug}.md", f"---\n{front}summary: 事迹摘要。\n---\n\n{slug} 的事迹正文。\n")
    return archive


def flag_honours_for_report(archive: TinyArchive, *honour_ids: str) -> None:
    """Add ``report: true`` to the given honours of the archive's vocabulary."""
    path = archive.stories / "vocab.yml"
    text = path.read_text(encoding="utf-8")
    for honour_id in honour_ids:
        marker = f"  - id: {honour_id}\n"
        assert marker in text, honour_id
        text = text.replace(marker, f"{marker}    report: true\n")
    path.write_text(text, encoding="utf-8")
