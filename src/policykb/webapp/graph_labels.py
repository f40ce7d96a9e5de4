"""Labels of the provision-graph chips and the "What changed" view, in both languages
(merged into the app's label table by labels.py)."""

from __future__ import annotations

GRAPH_TEXT: dict[str, dict[str, str]] = {
    "zh": {
        "link_penalties": "罚则",
        "link_refers_to": "引用",
        "link_cited_by": "被引用",
        "link_opened": "{kind}：{citation}",
        "link_missing": "{text}（{reason}）",
        "link_reason_not_held": "本库未收录",
        "link_reason_no_such_article": "无此条",
        "link_reason_ambiguous": "名称不唯一",
        "link_reason_unresolved": "未能解析",
        "view_changes": "修订对比",
        "changes_instrument": "有多个版本的法规",
        "changes_old": "旧版本",
        "changes_new": "新版本",
        "changes_none": "索引中没有多个版本的法规，无法对比。",
        "changes_summary": "{changed} 条修改，{added} 条新增，{removed} 条删除，{renumbered} 条序号变化，"
                           "{unchanged} 条未变",
        "changes_all": "显示未修改的条文",
        "change_unchanged": "未变",
        "change_changed": "修改",
        "change_added": "新增",
        "change_removed": "删除",
        "change_renumbered": "序号变化",
        "change_typographic": "仅标点",
    },
    "en": {
        "link_penalties": "Penalty",
        "link_refers_to": "Refers to",
        "link_cited_by": "Cited by",
        "link_opened": "{kind}: {citation}",
        "link_missing": "{text} ({reason})",
        "link_reason_not_held": "not in this index",
        "link_reason_no_such_article": "no such article",
        "link_reason_ambiguous": "ambiguous name",
        "link_reason_unresolved": "not resolved",
        "view_changes": "What changed",
        "changes_instrument": "Instrument with several versions",
        "changes_old": "Old version",
        "changes_new": "New version",
        "changes_none": "No instrument in this index has several versions to compare.",
        "changes_summary": "{changed} changed, {added} added, {removed} removed, {renumbered} renumbered, "
                           "{unchanged} unchanged",
        "changes_all": "Show unchanged articles",
        "change_unchanged": "unchanged",
        "change_changed": "changed",
        "change_added": "added",
        "change_removed": "removed",
        "change_renumbered": "renumbered",
        "change_typographic": "punctuation only",
    },
}
