"""Interface text in Chinese and English. Law texts and citations are never translated;
only the labels around them follow the language switch."""

from __future__ import annotations

from .graph_labels import GRAPH_TEXT

LANGUAGES = {"zh": "中文", "en": "English"}
DEFAULT_LANGUAGE = "zh"

_TEXT: dict[str, dict[str, str]] = {
    "zh": {
        "page_title": "policykb · 法规条文检索",
        "tagline": "网络安全、数据与人工智能法规 · 每个答案都引用到条",
        "language": "界面语言",
        "loading": "正在加载索引和模型…",
        "view": "视图",
        "view_search": "检索",
        "view_browse": "按目录浏览",
        "search_label": "问题或条文引用",
        "search_placeholder": "例如：个人信息出境需要单独同意吗？ 或 个保法38条 · PIPL 38 · 《数据安全法》第二十一条",
        "search_button": "检索",
        "examples": "示例",
        "welcome": "输入合规问题（中文或英文），或直接输入条文引用，回车即可检索。"
                   "结果按法规分组，每条都注明出处与效力状态。",
        "too_long": "问题共 {n} 个字符，超过上限 {limit}。请只保留问题本身，删去粘贴的长文本后再试。",
        "query_error": "无法检索：{message}",
        "no_results": "在当前筛选条件下没有找到条文。可以放宽筛选条件，或换一种说法。",
        "summary": "{n} 条结果，来自 {m} 部法规",
        "as_of_note": "效力状态按 {date} 计算",
        "cited": "直接引用",
        "lookup_missing": "未找到引用的条文：{message}",
        "lookup_filtered": "{citation} 存在，但不在当前筛选范围内。",
        "renumbered": "条文序号在另一版本中不同：{message}",
        "no_word_matched": "这些条文都不含问题中的词语，只是语义上最接近的结果：请逐条核对，或换用法律条文的说法提问。",
        "copy": "复制引文",
        "copied": "已复制",
        "context": "上下文",
        "whole_chapter": "整章",
        "close": "收起",
        "context_title": "{citation} 前后条文",
        "export": "导出结果",
        "export_md": "Markdown",
        "export_csv": "CSV",
        "filters": "筛选",
        "f_instrument": "法规",
        "f_level": "效力层级",
        "f_issuer": "制定机关",
        "f_in_force": "仅限现行有效",
        "f_superseded": "包括已被修订的旧版本",
        "f_as_of": "时点（留空为今天）",
        "f_k": "结果数量",
        "reset": "清除筛选",
        "any": "全部",
        "index": "索引",
        "instruments": "法规",
        "articles": "条文",
        "built": "构建时间",
        "model": "模型",
        "index_dir": "位置",
        "sources": "来源",
        "retrieved": "获取于",
        "level": "效力层级",
        "issuer": "制定机关",
        "effective": "施行",
        "promulgated": "公布",
        "amended_on": "修正",
        "doc_number": "文号",
        "browse_instrument": "法规",
        "contents": "目录",
        "full_text": "全文",
        "articles_range": "{first}–{last}",
        "units": "{n} 条",
        "missing_title": "还没有可以检索的索引",
        "missing_reason": "无法加载 {path} 处的索引：",
        "missing_build": "在项目目录中运行下面的命令构建索引（或运行 `make run`，它会自动构建），然后刷新本页：",
        "missing_env": "应用通过环境变量 `POLICYKB_INDEX` 查找索引（默认 `index/`）。",
        "status_in_force": "现行有效",
        "status_amended": "已被修订",
        "status_repealed": "已废止",
        "status_not_yet_in_force": "尚未施行",
        "level_law": "法律",
        "level_administrative_regulation": "行政法规",
        "level_departmental_rule": "部门规章",
        "level_normative_document": "规范性文件",
        "level_judicial_interpretation": "司法解释",
        "level_local_regulation": "地方性法规",
    },
    "en": {
        "page_title": "policykb · cited clauses",
        "tagline": "Chinese cyber, data and AI law · every answer cited to the article",
        "language": "Language",
        "loading": "Loading the index and model…",
        "view": "View",
        "view_search": "Search",
        "view_browse": "Browse contents",
        "search_label": "Question or citation",
        "search_placeholder": "e.g. Do we need separate consent to send personal information abroad? "
                              "or PIPL 38 · 个保法38条",
        "search_button": "Search",
        "examples": "Examples",
        "welcome": "Type a compliance question in Chinese or English, or cite an article directly, and press "
                   "Enter. Results are grouped by instrument, each with its citation and whether it is in force.",
        "too_long": "The question is {n} characters long; the limit is {limit}. Keep just the question and "
                    "leave out pasted documents.",
        "query_error": "Cannot search: {message}",
        "no_results": "No clause matches with these filters. Loosen the filters or rephrase the question.",
        "summary": "{n} clauses from {m} instruments",
        "as_of_note": "Status as of {date}",
        "cited": "Cited",
        "lookup_missing": "The cited article was not found: {message}",
        "lookup_filtered": "{citation} exists but is outside the current filters.",
        "renumbered": "Article numbers differ between versions: {message}",
        "no_word_matched": ("None of these articles contains a word of your question; they are only the closest "
                            "in meaning. Check each one, or ask in the words a statute would use."),
        "copy": "Copy citation",
        "copied": "Copied",
        "context": "Context",
        "whole_chapter": "Whole chapter",
        "close": "Close",
        "context_title": "Around {citation}",
        "export": "Export results",
        "export_md": "Markdown",
        "export_csv": "CSV",
        "filters": "Filters",
        "f_instrument": "Instrument",
        "f_level": "Level",
        "f_issuer": "Issuer",
        "f_in_force": "In force only",
        "f_superseded": "Include superseded versions",
        "f_as_of": "As of (empty: today)",
        "f_k": "Number of results",
        "reset": "Clear filters",
        "any": "All",
        "index": "Index",
        "instruments": "Instruments",
        "articles": "Articles",
        "built": "Built",
        "model": "Model",
        "index_dir": "Location",
        "sources": "Sources",
        "retrieved": "retrieved",
        "level": "Level",
        "issuer": "Issuer",
        "effective": "Effective",
        "promulgated": "Promulgated",
        "amended_on": "Amended",
        "doc_number": "Document No.",
        "browse_instrument": "Instrument",
        "contents": "Contents",
        "full_text": "Full text",
        "articles_range": "{first}–{last}",
        "units": "{n} articles",
        "missing_title": "No index to search yet",
        "missing_reason": "The index at {path} cannot be loaded:",
        "missing_build": "Build it from the project folder with the command below (or run `make run`, which "
                         "builds it for you), then reload this page:",
        "missing_env": "The app finds its index through the `POLICYKB_INDEX` environment variable "
                       "(default `index/`).",
        "status_in_force": "In force",
        "status_amended": "Amended",
        "status_repealed": "Repealed",
        "status_not_yet_in_force": "Not yet in force",
        "level_law": "Law",
        "level_administrative_regulation": "Administrative regulation",
        "level_departmental_rule": "Departmental rule",
        "level_normative_document": "Normative document",
        "level_judicial_interpretation": "Judicial interpretation",
        "level_local_regulation": "Local regulation",
    },
}

for _language, _labels in GRAPH_TEXT.items():
    _TEXT[_language].update(_labels)

EXAMPLES = {
    "zh": ("个人信息出境需要单独同意吗？", "生成式人工智能服务提供者的义务", "个保法38条"),
    "en": ("Do we need separate consent to send personal data abroad?", "obligations of generative AI "
           "service providers", "PIPL 38"),
}


class Labels:
    """The label table of one language: ``tr("summary", n=3, m=2)``."""

    def __init__(self, language: str) -> None:
        self.language = language if language in _TEXT else DEFAULT_LANGUAGE
        self._text = _TEXT[self.language]

    def __call__(self, key: str, **values: object) -> str:
        text = self._text[key]
        return text.format(**values) if values else text

    def status(self, status: str | None) -> str:
        return self._text.get(f"status_{status}", status or "")

    def level(self, level: str | None) -> str:
        return self._text.get(f"level_{level}", level or "")

    @property
    def examples(self) -> tuple[str, ...]:
        return EXAMPLES[self.language]


def keys(language: str) -> set[str]:
    """Every label key of a language (the tables must agree)."""
    return set(_TEXT[language])
