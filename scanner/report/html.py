"""The HTML report: one self-contained file to open, sort, filter and print.

Everything is rendered here, in Python: the summary, an inline SVG chart of findings by
folder and category, and one table row per file with its drill-down row. The page's small
script only sorts, filters and opens rows, so the report reads the same with scripts off
and prints as a whole. The state of the table lives in the address's fragment
(``#sort=findings&dir=desc&verdict=block&q=notice``), so a view can be bookmarked or sent.

Matched text is masked unless the scan ran with ``--no-redact`` (the CLI masks the results
before they reach this writer); the page says which.
"""
from __future__ import annotations

import os
from collections import Counter
from datetime import datetime, timezone
from html import escape

from scanner import __version__
from scanner.model import FileResult, Finding, Skipped, Status, Verdict
from scanner.report.names import visible
from scanner.report.redact import MASK
from scanner.report.text import reasons

# Folders shown in the chart; the rest are summed as one bar.
CHART_FOLDERS = 12
PALETTE = ("#b2182b", "#ef8a62", "#2166ac", "#67a9cf", "#1b7837", "#7fbf7b", "#762a83",
           "#c2a5cf", "#8c510a", "#dfc27d", "#01665e", "#80cdc1")

CSS = """
:root { --block: #b2182b; --review: #b8860b; --pass: #1b7837; --line: #d9d9d9; }
* { box-sizing: border-box; }
body { font: 14px/1.5 "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       margin: 2rem auto; max-width: 1200px; padding: 0 1rem; color: #222; }
h1 { font-size: 1.6rem; margin: 0 0 .2rem; } h2 { font-size: 1.15rem; margin: 1.6rem 0 .5rem; }
.meta { color: #666; margin: 0 0 1rem; }
.notice { border-left: 4px solid var(--review); background: #fff8e1; padding: .4rem .8rem; }
.cards { display: flex; flex-wrap: wrap; gap: .8rem; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: .5rem 1rem; min-width: 8rem; }
.card b { display: block; font-size: 1.6rem; }
.card.block b { color: var(--block); } .card.review b { color: var(--review); }
.card.pass b { color: var(--pass); }
.statuses td { padding: .1rem .8rem .1rem 0; }
.controls { display: flex; gap: .6rem; margin: .5rem 0; flex-wrap: wrap; }
.controls input { flex: 1; min-width: 14rem; padding: .3rem; }
table.files { border-collapse: collapse; width: 100%; }
table.files th, table.files td { border-bottom: 1px solid var(--line); padding: .35rem .5rem;
                                 text-align: left; vertical-align: top; }
table.files th { cursor: pointer; user-select: none; background: #f4f4f4; white-space: nowrap; }
th[aria-sort=ascending]::after { content: " ▲"; } th[aria-sort=descending]::after { content: " ▼"; }
tr.file { cursor: pointer; } tr.file:hover { background: #fafafa; }
.verdict { font-weight: bold; text-transform: uppercase; }
.verdict.block { color: var(--block); } .verdict.review { color: var(--review); }
.verdict.pass { color: var(--pass); }
.path { font-family: ui-monospace, monospace; word-break: break-all; }
tr.detail > td { background: #fbfbfb; padding: .5rem 1rem 1rem 2rem; }
table.findings { border-collapse: collapse; width: 100%; font-size: 13px; }
table.findings td, table.findings th { border-bottom: 1px solid #eee; padding: .2rem .4rem; text-align: left; }
.hidden { display: none; }
svg text { font-size: 12px; }
.legend { display: flex; flex-wrap: wrap; gap: .3rem 1rem; margin-left: 300px; font-size: 12px; }
.legend i { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: -1px; }
@media print {
  body { margin: 0; max-width: none; font-size: 11px; print-color-adjust: exact;
         -webkit-print-color-adjust: exact; }
  .controls, .no-print { display: none; }
  tr.file { break-inside: avoid; }
  tr.detail.has-findings { display: table-row !important; }
  th[aria-sort]::after { content: ""; }
  a { color: inherit; text-decoration: none; }
}
"""

SCRIPT = """
(function () {
  const body = document.querySelector('table.files tbody');
  const pairs = Array.from(body.querySelectorAll('tr.file')).map(r => [r, r.nextElementSibling]);
  const q = document.getElementById('q'), verdict = document.getElementById('verdict');
  const state = {sort: 'order', dir: 'asc', verdict: '', q: ''};
  new URLSearchParams(location.hash.slice(1)).forEach((v, k) => { if (k in state) state[k] = v; });
  q.value = state.q; verdict.value = state.verdict;
  function key(row) {
    const v = row.dataset[state.sort];
    return ['findings', 'score', 'order', 'rank'].includes(state.sort) ? parseFloat(v) : v;
  }
  function apply() {
    const sign = state.dir === 'desc' ? -1 : 1;
    pairs.sort((a, b) => {
      const x = key(a[0]), y = key(b[0]);
      return (x < y ? -1 : x > y ? 1 : a[0].dataset.order - b[0].dataset.order) * sign;
    });
    const needle = state.q.toLowerCase();
    let shown = 0;
    for (const [row, detail] of pairs) {
      const match = (!state.verdict || row.dataset.verdict === state.verdict) &&
                    (!needle || row.textContent.toLowerCase().includes(needle));
      row.classList.toggle('hidden', !match);
      if (!match) detail.classList.add('hidden');
      shown += match;
      body.append(row, detail);
    }
    document.getElementById('shown').textContent = shown;
    document.querySelectorAll('table.files th').forEach(th => th.dataset.key === state.sort
      ? th.setAttribute('aria-sort', state.dir === 'asc' ? 'ascending' : 'descending')
      : th.removeAttribute('aria-sort'));
    const hash = new URLSearchParams(Object.entries(state).filter(([k, v]) => v)).toString();
    history.replaceState(null, '', '#' + hash);
  }
  document.querySelectorAll('table.files th').forEach(th => th.addEventListener('click', () => {
    state.dir = state.sort === th.dataset.key && state.dir === 'asc' ? 'desc' : 'asc';
    state.sort = th.dataset.key; apply();
  }));
  q.addEventListener('input', () => { state.q = q.value; apply(); });
  verdict.addEventListener('change', () => { state.verdict = verdict.value; apply(); });
  body.addEventListener('click', e => {
    const row = e.target.closest('tr.file');
    if (row) row.nextElementSibling.classList.toggle('hidden');
  });
  apply();
})();
"""

# Columns: (sort key, heading). ``rank`` sorts block before review before pass.
COLUMNS = (("rank", "Verdict"), ("status", "Status"), ("path", "File"), ("type", "Type"),
           ("findings", "Findings"), ("reasons", "Reasons"))
VERDICT_RANK = {Verdict.BLOCK: 0, Verdict.REVIEW: 1, Verdict.PASS: 2}


def render_html(results: list[FileResult], target: str, config: str | None = None,
                skipped: list[Skipped] | None = None) -> str:
    """The page; ``config`` (the config file used) is named under the title and
    ``skipped`` (paths not read on purpose) listed after the files. Names that are not
    UTF-8 are shown escaped (``report.names``)."""
    masked = any(MASK in f.text for r in results for f in r.findings)
    generated = datetime.now(timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M %Z")
    parts = [
        "<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>baomi 保密检查报告</title>", f"<style>{CSS}</style></head><body>",
        "<h1>保密检查报告 · baomi scan</h1>",
        f'<p class="meta">{len(results)} files · target {escape(target)} · '
        f"baomi {escape(__version__)} · {escape(generated)} · "
        f'config <span id="config">{escape(config or "none")}</span></p>',
        _redaction_notice(results, masked),
        _summary(results), _chart(results), _table(results), _skipped(skipped or []),
        f"<script>{SCRIPT}</script></body></html>",
    ]
    return visible("\n".join(parts) + "\n")


def _skipped(skipped: list[Skipped]) -> str:
    if not skipped:
        return ""
    rows = "".join(f'<tr><td class="path">{escape(s.path)}</td><td>{escape(s.reason)}</td></tr>'
                   for s in skipped)
    return (f"<h2>Skipped ({len(skipped)})</h2><p>Not read, on purpose:</p>"
            f'<table class="findings" id="skipped">{rows}</table>')


def _redaction_notice(results: list[FileResult], masked: bool) -> str:
    if masked or not any(r.findings for r in results):
        return '<p class="notice">Matched text is masked (first character kept).</p>'
    return ('<p class="notice">This report quotes matched text unmasked (--no-redact): '
            "handle it like the documents it describes.</p>")


def _summary(results: list[FileResult]) -> str:
    verdicts = Counter(r.verdict for r in results)
    statuses = Counter(r.status for r in results)
    cards = "".join(f'<div class="card {v.value}"><b>{verdicts[v]}</b>{v.value}</div>'
                    for v in (Verdict.BLOCK, Verdict.REVIEW, Verdict.PASS))
    rows = "".join(f"<tr><td>{s.value}</td><td>{s.verdict.value}</td><td>{statuses[s]}</td></tr>"
                   for s in Status if statuses[s])
    return (f'<h2>Summary</h2><div class="cards" id="summary">{cards}</div>'
            f'<table class="statuses" id="statuses">{rows}</table>')


def _folder(path: str) -> str:
    return os.path.dirname(path) or "."


def _chart(results: list[FileResult]) -> str:
    """Stacked horizontal bars: one per folder, one colour per finding category."""
    counts: dict[str, Counter[str]] = {}
    for result in results:
        for finding in result.findings:
            counts.setdefault(_folder(result.path), Counter())[finding.category] += 1
    if not counts:
        return "<h2>Findings by folder and category</h2><p>No findings.</p>"
    folders = sorted(counts, key=lambda f: (-sum(counts[f].values()), f))
    if len(folders) > CHART_FOLDERS:
        other = sum((counts[f] for f in folders[CHART_FOLDERS - 1:]), Counter())
        folders = folders[:CHART_FOLDERS - 1] + ["(other folders)"]
        counts["(other folders)"] = other
    categories = sorted({c for f in folders for c in counts[f]})
    colour = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(categories)}
    label_w, bar_w, row_h = 300, 560, 24
    top = max(counts[f].total() for f in folders)
    height = row_h * len(folders) + 8
    svg = [f'<svg id="chart" role="img" aria-label="findings by folder and category" '
           f'width="{label_w + bar_w + 60}" height="{height}" xmlns="http://www.w3.org/2000/svg">']
    for i, folder in enumerate(folders):
        y = i * row_h
        shown = folder if len(folder) <= 42 else "…" + folder[-41:]
        svg.append(f'<text x="{label_w - 6}" y="{y + 16}" text-anchor="end">'
                   f"<title>{escape(folder)}</title>{escape(shown)}</text>")
        x = float(label_w)
        for category in categories:
            n = counts[folder][category]
            if n:
                w = bar_w * n / top
                svg.append(f'<rect x="{x:.1f}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" '
                           f'fill="{colour[category]}"><title>{escape(folder)} · '
                           f"{escape(category)}: {n}</title></rect>")
                x += w
        svg.append(f'<text x="{x + 6:.1f}" y="{y + 16}">{counts[folder].total()}</text>')
    svg.append("</svg>")
    legend = "".join(f'<span><i style="background:{colour[c]}"></i>{escape(c)}</span>'
                     for c in categories)
    svg.append(f'<div class="legend">{legend}</div>')
    return "<h2>Findings by folder and category</h2>" + "".join(svg)


def _table(results: list[FileResult]) -> str:
    head = "".join(f'<th data-key="{key}">{title}</th>' for key, title in COLUMNS)
    rows = "".join(_rows(i, r) for i, r in enumerate(results))
    options = "".join(f'<option value="{v.value}">{v.value}</option>' for v in Verdict)
    return (
        "<h2>Files</h2>"
        '<div class="controls"><input id="q" type="search" placeholder="Filter by text …">'
        f'<select id="verdict"><option value="">every verdict</option>{options}</select>'
        f'<span><span id="shown">{len(results)}</span> of {len(results)} shown</span></div>'
        '<p class="no-print meta">Click a heading to sort, a row for its findings.</p>'
        f'<table class="files"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>')


def _rows(order: int, result: FileResult) -> str:
    why = "; ".join(reasons(result))
    attrs = {"order": order, "rank": VERDICT_RANK[result.verdict], "verdict": result.verdict.value,
             "status": result.status.value, "path": result.path, "type": result.type,
             "findings": len(result.findings), "reasons": why, "score": round(result.score, 3)}
    data = " ".join(f'data-{k}="{escape(str(v))}"' for k, v in attrs.items())
    v = result.verdict.value
    cells = (f'<td class="verdict {v}">{v}</td><td>{result.status.value}</td>'
             f'<td class="path">{escape(result.path)}</td><td>{escape(result.type)}</td>'
             f"<td>{len(result.findings)}</td><td>{escape(why)}</td>")
    has = " has-findings" if result.findings or result.errors else ""
    return (f'<tr class="file" {data}>{cells}</tr>'
            f'<tr class="detail hidden{has}"><td colspan="{len(COLUMNS)}">{_detail(result)}</td></tr>')


def _detail(result: FileResult) -> str:
    out = [f'<div>sha256 <code>{escape(result.sha256 or "—")}</code>']
    if result.marking:
        out.append(f" · marking <b>{escape(result.marking.text)}</b> "
                   f"({escape(result.marking.location.describe('page '))})")
    out.append("</div>")
    if result.findings:
        out.append("<table class=findings><tr><th>rule</th><th>severity</th><th>where</th>"
                   "<th>text</th><th>context</th></tr>")
        out += [_finding_row(f) for f in result.findings]
        out.append("</table>")
    out += [f"<div>error: {escape(e)}</div>" for e in result.errors]
    return "".join(out)


def _finding_row(finding: Finding) -> str:
    where = finding.location.describe("page ")
    if "attachment" in finding.detail:
        where += f" · {finding.detail['attachment']}"
    return (f"<tr><td>{escape(finding.rule)}</td><td>{escape(finding.severity)}</td>"
            f"<td>{escape(where)}</td><td>{escape(finding.text)}</td>"
            f"<td>{escape(finding.context)}</td></tr>")
