// The upload page: send the file to /api/v1/scan?explain=1, show the report and the
// judge's trace, offer the marked copy. Document text goes into the page as text nodes only.
"use strict";

const VERDICTS = { pass: "可以发布", block: "不得发布", review: "需人工审查" };
const STATUSES = {
  classified: "文件标有国家秘密密级标志，是涉密文件，不得在网上发布。",
  restricted: "文件标有“工作秘密”或“内部”标志，不得公开发布。",
  "unmarked-sensitive": "文件没有标密级，但内容涉及尚未公开的敏感事项。发布前须删改相关内容，或由定密责任人定密。",
  "personal-data": "文件含有须遮盖的个人信息（如身份证号、银行卡号、成批的手机号），遮盖后才能发布。",
  unreadable: "文件未能完整读取，无法判断能否公开。",
  clean: "没有发现密级标志、敏感内容或须遮盖的个人信息。",
};
const PARTS = {
  body: "正文", table: "表格", header: "页眉", footer: "页脚", footnote: "脚注", endnote: "尾注",
  comment: "批注", textbox: "文本框", deleted: "修订中删除的文字", inserted: "修订中插入的文字",
  hidden: "隐藏文字", metadata: "文件属性", annotation: "PDF 注释", form: "表单", attachment: "附件",
  redacted: "涂黑遮盖下仍可读出的文字", ocr: "图片中的文字",
};
// Rule and category names come from the server (the rules registry and the dictionaries,
// in Chinese: /api/v1/scan?explain=1); these tables name the judge's signals and the kinds
// of specifics, and say in Chinese what an English "not read" reason means.
const SIGNALS = {
  topic: "敏感事项", "not-public": "不公开声明", handling: "传阅、复制等处理限制",
  stage: "尚未定稿或公布", "internal-form": "内部表单用语", specifics: "具体信息",
  "public-context": "公开发布用语", "rule-text": "一般性规定条文", rule: "命中内容",
  undecided: "尚未决定或执行的具体安排", exposure: "账号口令或内网地址",
};
const SPECIFIC_KINDS = { name: "人名", organisation: "单位", number: "数字", date: "日期" };
const UNREAD = [
  [/encrypted|password/i, "文件设置了密码（已加密），无法打开读取。请起草单位提供未加密的版本。"],
  [/time limit/i, "读取时间超过了本服务允许的上限，已停止读取。文件可能过大或结构异常。"],
  [/memory limit|out of memory|killed/i, "读取所需的内存超过了上限，已停止读取。文件可能过大，或是解压后异常膨胀的“压缩炸弹”。"],
  [/zip bomb|inflates to|members, over the limit/i, "文件解压后异常巨大（疑似“压缩炸弹”），未读取。"],
  [/OCR|image-only|picture|image/i, "文件中有只含图片、没有文字的页面或图片（如扫描件），图片里的文字没有读取。请提供文字版，或由人工查看图片内容。"],
  [/empty file/i, "文件是空的（0 字节），没有可检查的内容。"],
  [/unrecognised|not a PDF|unknown encoding|baomi does not/i, "文件格式或文字编码无法识别，内容没有读取。"],
  [/only the first|over the .*limit|nested more than/i, "文件过大或嵌套过深，只读取了其中一部分，其余部分没有检查。"],
  [/XFA/i, "PDF 中的动态表单内容没有读取。"],
  [/corrupt|truncated|damaged|missing|not well-formed|cannot be|unreadable/i, "文件已损坏或不完整，部分内容无法读取。"],
];
const OTHER_UNREAD = "部分内容因技术原因没有读取（见技术细节）。";

const $ = (id) => document.getElementById(id);
let lastFile = null;
let lastReport = null;

function token() { return sessionStorage.getItem("baomi-token") || ""; }

function authHeaders() {
  const t = token();
  return t ? { Authorization: "Bearer " + t } : {};
}

function setStatus(text, isError) {
  $("status").textContent = text;
  $("status").className = isError ? "error" : "";
}

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

async function errorText(response) {
  try { return (await response.json()).error || ""; } catch (e) { return ""; }
}

async function explainFailure(response) {
  const detail = await errorText(response);
  if (response.status === 401) {
    $("token-box").hidden = false;
    $("token").focus();
    return "此服务需要访问令牌：请在“访问令牌”处填写后重新选择文件。";
  }
  if (response.status === 413) return "文件超过了本服务允许的上传大小。" + detail;
  if (response.status === 503) {
    const wait = response.headers.get("Retry-After") || "几";
    return "服务正忙，请约 " + wait + " 秒后重试。";
  }
  if (response.status === 408) return "上传太慢，已中断，请重试。";
  return "请求未能完成（" + response.status + "）：" + detail;
}

async function scan(file) {
  lastFile = file;
  $("result").hidden = true;
  setStatus("正在检查 " + file.name + " …", false);
  const form = new FormData();
  form.append("file", file, file.name);
  form.append("target", $("target").value);
  let response;
  try {
    response = await fetch("/api/v1/scan?explain=1", { method: "POST", body: form, headers: authHeaders() });
  } catch (e) {
    setStatus("无法连接检查服务：" + e, true);
    return;
  }
  if (!response.ok) {
    setStatus(await explainFailure(response), true);
    return;
  }
  const report = await response.json();
  setStatus("", false);
  render(report);
}

function where(location) {
  const bits = [PARTS[location.part] || location.part];
  if (location.page) bits.push("第 " + location.page + " 页");
  if (location.paragraph) bits.push("第 " + location.paragraph + " 段");
  return bits.join(" · ");
}

function ruleName(rule, names) {
  return (names.rules && names.rules[rule]) || rule;
}

function categoryTitle(name, names) {
  const found = names.categories && names.categories[name];
  return found ? found.title : name;
}

// The text with the [start, end, signal] spans as <mark> elements (text nodes only).
function marked(text, marks, cls) {
  const node = el("div", cls);
  let at = 0;
  for (const [start, end, signal] of marks) {
    node.append(text.slice(at, start));
    const word = el("mark", "", text.slice(start, end));
    word.dataset.signal = signal;
    word.title = SIGNALS[signal] || signal;
    node.append(word);
    at = end;
  }
  node.append(text.slice(at));
  return node;
}

// A finding of a rule that decides alone (a marking, personal data, a failed redaction …):
// its rule's Chinese name, where it is, and the text around it with the match marked.
function renderFinding(finding, names) {
  const item = el("li", "finding");
  item.dataset.rule = finding.rule;
  const head = el("div");
  head.append(el("span", "why", ruleName(finding.rule, names)),
              el("span", "where", where(finding.location)));
  item.append(head);
  const context = finding.context || finding.text;
  const at = finding.text ? context.indexOf(finding.text) : -1;
  item.append(marked(context, at >= 0 ? [[at, at + finding.text.length, "rule"]] : [], "passage"));
  return item;
}

function evidenceLine(evidence, names) {
  const detail = evidence.detail || {};
  if (evidence.signal === "topic") {
    const category = names.categories && names.categories[detail.category];
    const line = "敏感事项“" + detail.text + "”，属于“" + categoryTitle(detail.category, names) + "”";
    return category && category.secret_until ? line + "：" + category.secret_until + "不公开。" : line + "。";
  }
  if (evidence.signal === "specifics") {
    const found = Object.entries(detail.found || {})
      .map(([kind, words]) => (SPECIFIC_KINDS[kind] || kind) + " " + words.join("、"));
    return "具体信息：" + found.join("；") + "。";
  }
  if (evidence.signal === "undecided") {
    // A date cue is "future-date 2026-05-12": a date after the document's own.
    const cues = (detail.cues || []).slice(0, 6)
      .map(cue => cue.startsWith("future-date ") ? "晚于成文日期的 " + cue.slice(12) : cue);
    return SIGNALS.undecided + "：“" + cues.join("、") + "”等用语下有 " +
      detail.governed + " 处具体信息。";
  }
  return (SIGNALS[evidence.signal] || evidence.signal) + "：“" + (detail.text || "") + "”。";
}

// One passage of the judge's trace: where, whether it decided, its text with the words
// that counted marked, and what each of those words is.
function renderPassage(passage, trace, names, attachment) {
  const item = el("li", passage.counts ? "trace-passage counts" : "trace-passage");
  const first = passage.evidence[0];
  const head = el("div");
  head.append(el("span", "why", passage.counts ? "决定结论的段落" : "未达到判定标准的段落"),
              el("span", "where", (attachment ? "附件 " + attachment + " · " : "") +
                 (first ? where(first.location) : "")),
              el("span", "score", "分值 " + passage.score.toFixed(2) + "（判定标准 " + trace.threshold + "）"));
  item.append(head);
  if (passage.excerpt) {
    const excerpt = passage.excerpt;
    const shift = excerpt.before ? 1 : 0;
    const text = (excerpt.before ? "…" : "") + excerpt.text + (excerpt.after ? "…" : "");
    item.append(marked(text, excerpt.marks.map(([s, e, sig]) => [s + shift, e + shift, sig]), "passage"));
  }
  const lines = el("ul", "evidence");
  for (const evidence of passage.evidence) lines.append(el("li", "", evidenceLine(evidence, names)));
  item.append(lines);
  return item;
}

// [passage, element] for the trace's passages and those of its attachments.
function tracePassages(trace, names, attachment) {
  const out = (trace.passages || []).map((p) => [p, renderPassage(p, trace, names, attachment)]);
  for (const [name, child] of Object.entries(trace.attachments || {})) {
    out.push(...tracePassages(child, names, (attachment ? attachment + " / " : "") + name));
  }
  return out;
}

function statementItem(statement) {
  const text = (statement.detail && statement.detail.text) || "";
  return el("li", "", (SIGNALS[statement.signal] || statement.signal) + "：“" + text + "”（" +
                      where(statement.location) + "）");
}

function unreadItem(error) {
  const item = el("li");
  const found = UNREAD.find(([pattern]) => pattern.test(error));
  item.append(el("span", "plain", found ? found[1] : OTHER_UNREAD), el("div", "tech", "技术细节：" + error));
  return item;
}

function suggestion(suggested, names) {
  let text = "建议标注“" + suggested.level + "”";
  const titles = suggested.categories.map((c) => "“" + categoryTitle(c, names) + "”");
  if (titles.length) text += "：文件涉及" + titles.join("、");
  const until = suggested.categories.map((c) => names.categories && names.categories[c])
    .filter((c) => c && c.secret_until).map((c) => c.secret_until + "不公开");
  if (until.length) text += "，" + until.join("；");
  return text + "。";
}

function show(id, items) {
  $(id).replaceChildren(...items);
  $(id + "-box").hidden = items.length === 0;
}

function render(report) {
  lastReport = report;
  const file = report.files[0];
  const names = report.explain || { rules: {}, categories: {}, trace: {} };
  const trace = names.trace || {};
  const result = $("result");
  result.dataset.verdict = file.verdict;
  result.dataset.status = file.status;
  $("verdict").textContent = VERDICTS[file.verdict] || file.verdict;
  $("file-name").textContent = file.path;
  let explanation = STATUSES[file.status] || file.status;
  if (file.approval) explanation = "已由 " + file.approval.by + " 审签放行：" + file.approval.reason;
  $("explanation").textContent = explanation;

  $("marking").hidden = !file.marking;
  if (file.marking) {
    $("marking").textContent = "文件标注：" + file.marking.text + "（" + where(file.marking.location) + "）";
  }

  $("errors").replaceChildren(...file.errors.map(unreadItem));
  $("unread").hidden = file.errors.length === 0;

  // Rules that decide alone; what the document says of itself; the passages weighed.
  show("rules", file.findings.filter((f) => !f.rule.startsWith("content.") ||
                                            f.rule === "content.failed-redaction")
                            .map((f) => renderFinding(f, names)));
  show("statements", (trace.statements || []).map(statementItem));
  const passages = tracePassages(trace, names, "");
  show("reasons", passages.filter(([p]) => p.counts).map(([, node]) => node));
  show("weighed", passages.filter(([p]) => !p.counts).map(([, node]) => node));

  const suggested = file.suggested_marking;
  $("suggest").hidden = !suggested;
  $("mark-message").textContent = "";
  if (suggested) {
    $("suggest-text").textContent = suggestion(suggested, names);
    const national = ["绝密", "机密", "秘密"].includes(suggested.level);
    $("term-label").hidden = !national;
    $("mark-term").value = "";
    $("mark-button").textContent = "生成标注“" + suggested.level + "”的副本";
    $("mark-button").disabled = !["docx", "pdf"].includes(file.type);
    if ($("mark-button").disabled) $("mark-message").textContent = "只能为 DOCX 和 PDF 文件生成标密副本。";
  }
  result.hidden = false;
}

function downloadName(response) {
  const header = response.headers.get("Content-Disposition") || "";
  const utf8 = header.match(/filename\*=UTF-8''([^;]+)/);
  return utf8 ? decodeURIComponent(utf8[1]) : "marked";
}

async function markCopy() {
  const suggested = lastReport.files[0].suggested_marking;
  const form = new FormData();
  form.append("file", lastFile, lastFile.name);
  form.append("level", suggested.level);
  const term = $("mark-term").value.trim();
  if (term && !$("term-label").hidden) form.append("term", term);
  $("mark-button").disabled = true;
  $("mark-message").className = "";
  $("mark-message").textContent = "正在生成 …";
  try {
    const response = await fetch("/api/v1/mark", { method: "POST", body: form, headers: authHeaders() });
    if (!response.ok) {
      $("mark-message").className = "error";
      $("mark-message").textContent = response.status === 422 ? "不能标注：" + await errorText(response)
                                                              : await explainFailure(response);
      return;
    }
    const name = downloadName(response);
    const url = URL.createObjectURL(await response.blob());
    const link = el("a");
    link.href = url;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    $("mark-message").textContent = "已生成 " + name + "，并已记入台账。";
    $("mark-message").dataset.downloaded = name;
  } finally {
    $("mark-button").disabled = false;
  }
}

function start() {
  const drop = $("drop");
  $("file").addEventListener("change", () => {
    const file = $("file").files[0];
    $("file").value = "";  // choosing the same file again is a new check
    if (file) scan(file);
  });
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    if (e.dataTransfer.files[0]) scan(e.dataTransfer.files[0]);
  });
  $("token").addEventListener("change", () => sessionStorage.setItem("baomi-token", $("token").value.trim()));
  $("mark-button").addEventListener("click", markCopy);
  fetch("/api/v1/version", { headers: authHeaders() })
    .then((r) => (r.ok ? r.json() : null))
    .then((v) => { if (v) $("version").textContent = v.version; })
    .catch(() => {});
}

document.addEventListener("DOMContentLoaded", start);
