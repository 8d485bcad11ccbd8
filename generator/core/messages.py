"""Every message an editor can see, in one table (as mkdocs-material keeps its UI strings).

Each code maps to (severity, message template, hint template). Templates are
``str.format`` strings over the keyword arguments a rule passes. Codes are stable:
tests, documentation and editors' habits refer to them.
"""

from __future__ import annotations

ERROR = "error"
WARNING = "warning"

SEVERITY_LABELS = {ERROR: "错误", WARNING: "警告"}

MESSAGES: dict[str, tuple[str, str, str]] = {
    # --- the file itself -------------------------------------------------------------
    "E001": (ERROR, "文件不是 UTF-8 编码：第 {line} 行有无法识别的字节 {byte}（{guess}）",
             "请在编辑器中用“另存为”选择 UTF-8 编码后保存"),
    "E002": (ERROR, "这不是文本文件（含有 NUL 字节），无法作为事迹稿读取",
             "事迹稿必须是 Markdown 文本；图片和视频请放在 media/ 文件夹中，并在 photo 或 videos 中引用"),
    "E003": (ERROR, "文件是空的", "可运行 exemplar new 姓名 生成一份带说明的模板"),
    "E004": (ERROR, "文件开头没有 front matter：第一行应为三个减号 ---",
             "在文件最前面加上以 --- 开始、以 --- 结束的字段区，可参照 exemplar new 生成的模板"),
    "E005": (ERROR, "front matter 没有结束：找不到第 {start} 行 --- 之后的结束行 ---",
             "在最后一个字段之后、正文之前单独加一行 ---"),
    "E006": (ERROR, "YAML 语法错误：{problem}", "{hint}"),
    "E007": (ERROR, "front matter 应为“字段: 值”的列表，这里却是{found}",
             "每行写成“字段名: 值”，冒号为英文冒号，冒号后空一格"),
    "E008": (ERROR, "不支持 YAML 锚点或别名（& 或 * 开头的写法）",
             "要把姓名发布为 *，请写 mask_name: true；值本身以 * 或 & 开头时请加引号"),
    "E009": (ERROR, "front matter 过大（{size} KB，上限 {limit} KB），已跳过此文件",
             "front matter 只放字段；长文字请写在正文中"),
    "E010": (ERROR, "字段「{key}」重复出现（第一次在第 {first} 行）", "删除其中一个，只保留正确的值"),
    "E011": (ERROR, "无法读取文件：{reason}", "检查文件是否存在、是否有读取权限"),
    # --- fields ----------------------------------------------------------------------
    "E101": (ERROR, "未知字段「{key}」", "{hint}"),
    "E102": (ERROR, "缺少必填字段「{key}」（{label}）", "请加上一行：{example}"),
    "E103": (ERROR, "{label}应为{expected}，这里是{found}", "{hint}"),
    "E104": (ERROR, "「{value}」不是有效的日期", "日期格式为 年-月-日，如 2023-05-30，且须是真实存在的日期"),
    "E105": (ERROR, "{label}不能为空", "请填写{label}"),
    "E106": (ERROR, "「{value}」不是{label}的可选值（可选：{choices}）", "{hint}"),
    "E107": (ERROR, "「{value}」不能用作网址名：只能用小写英文字母、数字和连字符", "例如改为「{suggest}」"),
    "E108": (ERROR, "年份 {value} 不合理（应在 {low}–{high} 之间）", "请填写四位数的年份，如 2021"),
    "E109": (ERROR, "点击量不能是负数：{value}", "填写累计点击量，如 1200000；不清楚可删去此行"),
    "E110": (ERROR, "internal_fields 中的「{value}」不是可以隐去的字段", "可隐去的字段：{choices}"),
    "E111": (ERROR, "宣传片既没有平台链接 url，也没有本地文件 file", "至少填写 url 或 file 中的一项"),
    "E112": (ERROR, "姓名已设为隐去，但网址名「{value}」含有姓名的拼音，网址会泄露姓名",
             "给这篇稿件另取一个与姓名无关的网址名（改文件名或加 slug 字段），如「{suggest}」"),
    "E113": (ERROR, "照片「{value}」{reason}，网站无法使用它", "请换成能正常打开的 JPEG、PNG 或 WebP 照片"),
    "E114": (ERROR, "「{value}」是保留的名字，不能用作{label}（会与网站的首页或索引页重名）", "换一个名字，如「{suggest}」"),
    # --- vocabularies ----------------------------------------------------------------
    "E201": (ERROR, "「{value}」不是已知的栏目", "{hint}"),
    "E202": (ERROR, "「{value}」不是词表中的荣誉", "{hint}"),
    "E203": (ERROR, "「{value}」不是已知的荣誉级别", "{hint}"),
    "E204": (ERROR, "「{honour}」在词表中的级别是「{expected}」，这里写成了「{value}」",
             "删去 level 一行（按词表自动取），或改为「{expected}」"),
    "E205": (ERROR, "单位「{value}」不在单位树中", "{hint}"),
    "E206": (ERROR, "「{value}」不是已知的先锋类型", "{hint}"),
    "E207": (ERROR, "「{value}」不是已知的政治面貌", "{hint}"),
    # --- files and links -------------------------------------------------------------
    "E301": (ERROR, "链接「{value}」不是 http 或 https 网址", "请填写以 https:// 或 http:// 开头的完整网址"),
    "E302": (ERROR, "路径「{value}」指向档案之外", "图片和视频须放在 stories 文件夹内（如 media/），路径相对本文件填写"),
    "E303": (ERROR, "找不到文件「{value}」", "{hint}"),
    "E304": (ERROR, "「{value}」不是支持的{label}格式（支持：{choices}）", "请转换为支持的格式后再引用"),
    "E305": (ERROR, "正文链接的文件「{value}」类型（{kind}）不能发布：网页、SVG 等文件会在网站中运行脚本",
             "只能链接事迹稿、图片、视频、音频和 PDF（{choices}）；网页请转成 PDF，SVG 请转成 PNG"),
    "E306": (ERROR, "「{value}」是符号链接，指向{where}；档案只使用 stories 文件夹内的普通文件，不会读取或发布它",
             "把文件本身（不是链接）复制到 stories 文件夹中，再删除这个链接"),
    "E307": (ERROR, "「{value}」是{what}，不是普通文件，不会读取或发布", "删除它；事迹稿、照片和视频都必须是普通文件"),
    "E308": (ERROR, "{site} 是{found}，不能当作{wanted}{action}", "{hint}"),
    "E309": (ERROR, "无法写入 {value}：{reason}", "{hint}"),
    # --- across files ----------------------------------------------------------------
    "E401": (ERROR, "网址名「{slug}」与 {other} 重复", "给其中一篇加上不同的 slug 字段，或改文件名"),
    "E403": (ERROR, "网站地址 site_url {state}，{purpose}会指向一个不存在的网站",
             "发布前设置环境变量 {variable} 为正式网址（如 {variable}=https://bangyang.你的域名/ ；"
             "CI 中设为同名的 CI 变量，见 README.md“发布网址”），或修改 mkdocs.yml 的 site_url"),
    "E405": (ERROR, "正文链接到了{what}「{value}」，发布的网站中没有这一页，链接会失效", "{fix}"),
    "E406": (ERROR, "{what}「{value}」指向网站中不存在的文件，页面上会是坏链接或缺图",
             "检查该地址的写法（相对于本文件所在的文件夹），或补上所指的文件后重新运行 exemplar build"),
    "E412": (ERROR, "{what}从外部网站加载「{value}」：内网和离线副本中打不开，还会把读者的访问告诉外部网站",
             "把该文件放进网站（theme_overrides/ 下或事迹稿旁）并改用站内相对地址；对外只允许普通链接 <a href>"),
    "E413": (ERROR, "网站中出现示例网址「{value}」，读者会被带到一个不存在的网站",
             "设置环境变量 {variable}（内网版为 {internal_variable}）为正式网址后重新运行 exemplar build"),
    "E414": (ERROR, "网站文件夹中没有 exemplar 生成时写下的版本记录 {marker}，无法判断是内网版还是公开版",
             "用 exemplar build --edition internal 或 --edition public 重新生成这个文件夹"),
    "E415": (ERROR, "{value} 不是已生成的网站文件夹（{reason}）",
             "先运行 exemplar build 生成网站，再检查它的输出文件夹（内网版默认 site/，公开版默认 site-public/）"),
    "E402": (ERROR, "文件名「{value}」含有中文或其他非 ASCII 字符", "请改为拼音文件名，如「{suggest}」"),
    # --- story body (safe input) -----------------------------------------------------
    "E501": (ERROR, "正文中不允许使用 <{tag}> 标签", "{hint}"),
    "E502": (ERROR, "正文中 <{tag}> 的属性「{attr}」不允许使用（会执行脚本）", "删除该属性"),
    "E503": (ERROR, "正文中的链接「{value}」不安全", "链接只能是 http(s) 网址或档案内的文件"),
    "E504": (ERROR, "正文中嵌入的 <iframe> 来自未登记的网站「{value}」",
             "只能嵌入 vocab.yml 中 platforms 列出的视频平台；或改用 videos 字段"),
    "E505": (ERROR, "正文的属性列表（花括号写法）中不能设置「{attr}」（网站会删除它，且可能执行脚本）",
             "属性列表只能写：{choices}"),
    "E506": (ERROR, "正文中 <{tag}> 的属性「{attr}」不在允许范围内，网站会删除它", "删除该属性"),
    "E507": (ERROR, "正文中 <{tag}> 的样式「{value}」不允许使用", "行内样式只能设置 {choices}；其余样式由网站统一设定"),
    "E508": (ERROR, "正文生成网页后，{what}不安全或不允许，网站会删除它",
             "正文只用普通 Markdown 和允许的 HTML 写；HTML 标签不要放在反引号、注释或 CDATA 的缝隙里"),
    "E509": (ERROR, "正文中的「{value}」没有结束（缺少对应的 >、--> 或 ]]>），会吞掉其后的全部正文",
             "补上结束符号；要显示 < 本身，请写成 &lt; 或放在反引号中"),
    "E510": (ERROR, "这一段有 {count} 个「{mark}」，超过上限 {limit} 个，网站生成会极慢", "把这一段拆成几段，或删去多余的括号"),
    "E511": (ERROR, "正文结构过于复杂：{what}（上限 {limit}），网站生成会极慢", "简化正文的写法"),
    # --- vocabulary file -------------------------------------------------------------
    "E701": (ERROR, "找不到词表文件", "词表应在 {expected}，可从示例档案复制一份"),
    "E702": (ERROR, "词表中缺少「{key}」", "{hint}"),
    "E703": (ERROR, "词表中的 id「{value}」重复", "每个条目的 id 必须唯一"),
    "E704": (ERROR, "词表中的 id「{value}」不合规：只能用小写英文字母、数字和连字符", "例如改为「{suggest}」"),
    "E705": (ERROR, "荣誉「{honour}」的级别「{value}」不在 levels 中", "{hint}"),
    "E706": (ERROR, "{label}应为{expected}，这里是{found}", "请参照示例词表的写法"),
    "E708": (ERROR, "颜色「{value}」不是有效的颜色值", "颜色写成带引号的 # 加六位十六进制数，如 color: \"#c8102e\""),
    "E709": (ERROR, "级别「{value}」的 rank {rank} 与级别「{other}」相同", "每个级别的 rank 必须不同（1 为最高），改为未用过的数"),
    "E710": (ERROR, "levels 中没有哪个级别标明 {role}: true", "{hint}"),
    "E711": (ERROR, "levels 中有多个级别标明 {role}: true（{values}）", "{hint}"),
    "E712": (ERROR, "照片焦点「{value}」写法不对：应为两个 0–100 的百分数（水平、垂直，从左上角量起）或 上、中、下、左、右、左上、右上",
             "例如人脸在照片上方三分之一、居中，写 photo_focus: 50% 30%；不写则按上三分之一裁切"),
    # --- warnings --------------------------------------------------------------------
    "W601": (WARNING, "没有照片，网站将显示自动生成的头像", "把照片放到 media/ 文件夹，再填写 photo: media/文件名.jpg"),
    "W602": (WARNING, "没有摘要，卡片和海报上将截取正文开头", "填写 summary，一两句话（60–200 字）"),
    "W603": (WARNING, "摘要有 {length} 字，超过 {limit} 字，海报上会被截断", "精简到 {limit} 字以内"),
    "W604": (WARNING, "正文是空的", "在第二个 --- 之后写事迹正文"),
    "W605": (WARNING, "未能从网址识别视频平台（主机名「{value}」）", "如是常用平台，请把主机名加到 vocab.yml 的 platforms 中"),
    "W606": (WARNING, "栏目「{value}」重复列出", "删除重复的一项"),
    "W607": (WARNING, "同一荣誉「{value}」在 {year} 年重复列出", "删除重复的一项"),
    "W609": (WARNING, "网站地址 site_url {state}，{purpose}会指向一个不存在的网站",
             "发布前设置环境变量 {variable} 为正式网址（CI 中设为同名的 CI 变量，见 README.md“发布网址”）；"
             "公开版、海报和离线包在示例地址下不会生成"),
    "W608": (WARNING, "图片「{value}」无法缩放：{reason}；网站将直接使用原文件",
             "请换成能正常打开的 JPEG、PNG 或 WebP 照片（GIF 动图不缩放）"),
    "W610": (WARNING, "姓名已设为隐去，但{label}中出现了真实姓名或其拼音「{value}」", "{hint}"),
    "W611": (WARNING, "「{value}」原样发布，其中的元数据（拍摄信息、注释等）无法去除：{reason}",
             "请换成 JPEG、PNG、GIF 或 WebP 图片，或用看图软件另存一份不带元数据的副本"),
}
