"""The app's look (one stylesheet) and its one script: copying a citation with its text
in one click, and bringing the article a reader asked for into view."""

CSS = """
<style>
:root {
  --pkb-ink: #0f1f33; --pkb-muted: #5b6b7f; --pkb-line: #dfe5ec; --pkb-navy: #1d3a5f;
  --pkb-paper: #ffffff; --pkb-wash: #f5f8fb; --pkb-mark: #fde8a0;
}
.block-container { padding-top: 2.2rem; max-width: 1180px; }
.pkb-brand { display: flex; align-items: baseline; gap: .8rem; margin: 0 0 .2rem 0; }
.pkb-brand-name { font-size: 1.55rem; font-weight: 700; color: var(--pkb-navy); letter-spacing: .01em; }
.pkb-brand-tagline { color: var(--pkb-muted); font-size: .95rem; }
.pkb-results-head { color: var(--pkb-muted); font-size: .9rem; padding: .15rem 0; }
.pkb-results-head b { color: var(--pkb-ink); }
.pkb-inst { padding: .1rem .1rem .35rem .1rem; border-bottom: 1px solid var(--pkb-line); margin-bottom: .15rem; }
.pkb-inst-row { display: flex; justify-content: space-between; align-items: flex-start; gap: 1rem; }
.pkb-inst-title { font-size: 1.08rem; font-weight: 650; color: var(--pkb-ink); }
.pkb-inst-en { color: var(--pkb-muted); font-size: .85rem; margin-top: .05rem; }
.pkb-meta { display: flex; flex-wrap: wrap; gap: .25rem 1.1rem; margin-top: .35rem; font-size: .82rem;
  color: var(--pkb-ink); }
.pkb-meta-key { color: var(--pkb-muted); margin-right: .35rem; }
.pkb-meta a { color: var(--pkb-navy); word-break: break-all; }
.pkb-badge { display: inline-block; white-space: nowrap; font-size: .76rem; font-weight: 600; padding: .12rem .55rem;
  border-radius: 999px; border: 1px solid transparent; }
.pkb-status-in_force { background: #e7f5ec; color: #17663a; border-color: #b9e2c8; }
.pkb-status-amended { background: #fff4e0; color: #8a5300; border-color: #f3d59b; }
.pkb-status-repealed { background: #fdecec; color: #a1261d; border-color: #f1bcb8; }
.pkb-status-not_yet_in_force { background: #e9f0fd; color: #1c4f9c; border-color: #bcd0f5; }
.pkb-status-unknown { background: #eef1f4; color: var(--pkb-muted); }
.pkb-card { background: var(--pkb-paper); border: 1px solid var(--pkb-line); border-left: 3px solid #b8c4d2;
  border-radius: 6px; padding: .7rem .95rem .45rem .95rem; }
.pkb-card.pkb-lookup { border-left-color: var(--pkb-navy); background: var(--pkb-wash); }
.pkb-card.pkb-focus { border-left-color: #c98a00; box-shadow: 0 0 0 2px #f6dc9a; }
.pkb-card-head { display: flex; justify-content: space-between; align-items: flex-start; gap: .8rem; }
.pkb-cite { display: flex; flex-wrap: wrap; align-items: baseline; gap: .3rem .6rem; }
.pkb-cite-zh { font-weight: 650; color: var(--pkb-ink); font-size: 1rem; }
.pkb-cite-en { font-size: .8rem; color: #334155; background: #eef2f6; border-radius: 4px; padding: .05rem .4rem;
  font-variant-numeric: tabular-nums; }
.pkb-tag { font-size: .72rem; font-weight: 600; color: #fff; background: var(--pkb-navy); border-radius: 4px;
  padding: .08rem .45rem; }
.pkb-path { color: var(--pkb-muted); font-size: .8rem; margin-top: .2rem; }
.pkb-text { margin-top: .35rem; color: #1b2a3a;
  font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun", serif; }
.pkb-text p { margin: 0 0 .45rem 0; line-height: 1.8; font-size: .97rem; }
.pkb-text mark { background: var(--pkb-mark); color: inherit; padding: 0 .08em; border-radius: 2px; }
.pkb-copy { flex: none; font-size: .76rem; color: var(--pkb-navy); background: #fff; border: 1px solid #c5d0dc;
  border-radius: 5px; padding: .18rem .6rem; cursor: pointer; white-space: nowrap; }
.pkb-copy:hover { background: var(--pkb-wash); border-color: var(--pkb-navy); }
.pkb-copy.pkb-done { color: #17663a; border-color: #9fd3b2; background: #e7f5ec; }
.pkb-summary { display: grid; grid-template-columns: 1fr 1fr; gap: .4rem; margin: .2rem 0 .5rem 0; }
.pkb-summary div { background: var(--pkb-wash); border: 1px solid var(--pkb-line); border-radius: 6px;
  padding: .35rem .55rem; }
.pkb-summary span { display: block; color: var(--pkb-muted); font-size: .72rem; }
.pkb-summary b { font-size: 1.1rem; color: var(--pkb-ink); }
.pkb-summary-meta { font-size: .76rem; color: var(--pkb-muted); line-height: 1.55; word-break: break-all; }
.pkb-sources { list-style: none; padding: 0; margin: 0; font-size: .8rem; }
.pkb-sources li { padding: .3rem 0; border-bottom: 1px solid var(--pkb-line); }
.pkb-source-title { color: var(--pkb-ink); margin-right: .4rem; }
.pkb-source-id { color: var(--pkb-muted); font-family: ui-monospace, monospace; font-size: .72rem; }
.pkb-source-detail { color: var(--pkb-muted); font-size: .74rem; word-break: break-all; }
.pkb-source-detail a { color: var(--pkb-navy); }
.pkb-section-heading { font-weight: 650; color: var(--pkb-navy); font-size: 1rem; margin: .2rem 0 .1rem 0; }
[class*="st-key-actions"] { margin-top: -.85rem; margin-bottom: -.35rem; }
[class*="st-key-actions"] button { min-height: 1.6rem; padding-top: 0; padding-bottom: 0; }
[class*="st-key-actions"] button p { font-size: .8rem; color: var(--pkb-muted); }
[data-testid="stColumn"]:has(.st-key-toc) { position: sticky; top: 3.75rem; align-self: flex-start; }
.st-key-toc { max-height: calc(100vh - 5rem); overflow-y: auto; }
.st-key-toc label p { font-size: .86rem; }
.pkb-context-title { color: var(--pkb-muted); font-size: .82rem; margin: .1rem 0 .2rem 0; }
.pkb-empty { color: var(--pkb-muted); background: var(--pkb-wash); border: 1px dashed var(--pkb-line);
  border-radius: 8px; padding: 1rem 1.2rem; }
</style>
"""

#: Delegated handlers, installed once per page: a click on .pkb-copy puts its data-copy text
#: on the clipboard (with a fallback for browsers that refuse the async API), and a newly
#: rendered .pkb-focus card scrolls into view.
SCRIPT = """
<script>
(function () {
  if (window.__pkbInstalled) { return; }
  window.__pkbInstalled = true;
  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text; area.setAttribute("readonly", "");
    area.style.position = "fixed"; area.style.opacity = "0";
    document.body.appendChild(area); area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    area.remove();
    return ok;
  }
  function done(button) {
    button.textContent = button.getAttribute("data-done") || "\u2713";
    button.classList.add("pkb-done");
    setTimeout(function () {
      button.textContent = button.getAttribute("data-label") || button.textContent;
      button.classList.remove("pkb-done");
    }, 1600);
  }
  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest ? event.target.closest("button.pkb-copy") : null;
    if (!button) { return; }
    var text = button.getAttribute("data-copy") || "";
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(button); },
        function () { if (fallbackCopy(text)) { done(button); } });
    } else if (fallbackCopy(text)) { done(button); }
  });
  new MutationObserver(function () {
    var focus = document.querySelector(".pkb-focus:not([data-seen])");
    if (focus) { focus.setAttribute("data-seen", "1"); focus.scrollIntoView({block: "center"}); }
  }).observe(document.body, {childList: true, subtree: true});
})();
</script>
"""
