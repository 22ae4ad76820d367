// The upload page: send the file to /api/v1/scan, show the report, offer the marked copy.
// Document text is only ever put into the page as text nodes, never as HTML.
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
const RULES = [
  ["marking.national-secret", "国家秘密密级标志"], ["marking.restricted", "工作秘密或内部标志"],
  ["marking.declassified", "解密标志（须人工确认）"], ["marking.", "密级标志"],
  ["content.", "敏感内容"], ["personal.", "个人信息"], ["redaction.", "遮盖失败"],
  ["file.", "文件类型"],
];
const DETAIL_LABELS = { score: "分值", qualifiers: "未公开信号", specifics: "具体信息", count: "数量",
                        title: "类型", where: "位置", level: "密级", term: "保密期限", warning: "提示",
                        attachment: "附件" };

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
    response = await fetch("/api/v1/scan", { method: "POST", body: form, headers: authHeaders() });
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

function ruleLabel(finding) {
  for (const [prefix, label] of RULES) {
    if (finding.rule.startsWith(prefix)) {
      return prefix === "content." ? label + "（" + finding.category + "）" : label;
    }
  }
  return finding.rule;
}

// Words a finding names in its detail (signals, terms), as they appear in the text.
function detailWords(value, out) {
  if (typeof value === "string") {
    const word = value.replace(/\s*\(.*\)$/, "").trim();
    if (word.length > 1) out.push(word);
  } else if (Array.isArray(value)) {
    value.forEach((v) => detailWords(v, out));
  } else if (value && typeof value === "object") {
    Object.values(value).forEach((v) => detailWords(v, out));
  }
  return out;
}

// The passage with the matched text (and the detail's words) highlighted.
function passage(text, matched, signals) {
  const node = el("div", "passage");
  const words = [[matched, "hit"], ...signals.map((s) => [s, "signal"])].filter(([w]) => w);
  let rest = text;
  while (rest) {
    let best = null;
    for (const [word, kind] of words) {
      const at = rest.indexOf(word);
      if (at >= 0 && (best === null || at < best.at || (at === best.at && word.length > best.word.length))) {
        best = { at, word, kind };
      }
    }
    if (best === null) { node.append(rest); break; }
    node.append(rest.slice(0, best.at));
    node.append(el("mark", best.kind === "hit" ? "" : "signal", best.word));
    rest = rest.slice(best.at + best.word.length);
  }
  return node;
}

function basis(detail) {
  const bits = [];
  for (const [key, value] of Object.entries(detail || {})) {
    let shown = value;
    if (Array.isArray(value)) shown = value.join("、");
    else if (value && typeof value === "object") {
      shown = Object.entries(value).map(([k, v]) => k + " " + [].concat(v).join("、")).join("；");
    }
    if (shown === "" || shown === null || shown === undefined) continue;
    bits.push((DETAIL_LABELS[key] || key) + "：" + shown);
  }
  return bits.join("　");
}

function renderFinding(finding) {
  const item = el("li", "finding");
  item.dataset.rule = finding.rule;
  const head = el("div");
  head.append(el("span", "why", ruleLabel(finding)), el("span", "where", where(finding.location)));
  item.append(head);
  const signals = detailWords(finding.detail || {}, []).filter((w) => w !== finding.text);
  item.append(passage(finding.context || finding.text, finding.text, signals));
  const line = basis(finding.detail);
  if (line) item.append(el("div", "basis", line));
  return item;
}

function render(report) {
  lastReport = report;
  const file = report.files[0];
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

  $("errors").replaceChildren(...file.errors.map((e) => el("li", "", e)));
  $("unread").hidden = file.errors.length === 0;

  $("reasons").replaceChildren(...file.findings.map(renderFinding));
  $("reasons-box").hidden = file.findings.length === 0;

  const suggested = file.suggested_marking;
  $("suggest").hidden = !suggested;
  $("mark-message").textContent = "";
  if (suggested) {
    $("suggest-text").textContent = "建议标注“" + suggested.level + "”" +
      (suggested.categories.length ? "（涉及：" + suggested.categories.join("、") + "）" : "") +
      "。" + suggested.reason;
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
