"""baomi explain, baomi dict check, and marks stamped 解密."""
from conftest import write_docx
from scanner.cli import main
from scanner.model import Status, Verdict


def test_explain_shows_topics_statements_specifics_and_weights(tmp_path, capsys):
    path = write_docx(tmp_path / "d.docx", ["经研究，拟提拔郑文博同志任市统计局副局长，尚未公示，请严格保密。",
                                            "关于做好春季防火工作的通知"])
    assert main(["explain", str(path)]) == 1
    out = capsys.readouterr().out
    assert "unmarked-sensitive" in out
    assert "干部人事（决定、公示前）: 拟提拔" in out
    assert "limiter+act: 尚未公示" in out and "phrase: 严格保密" in out
    assert "name 郑文博" in out and "SENSITIVE" in out and "topic_np +" in out


def test_explain_shows_the_passage_with_the_words_that_counted(tmp_path, capsys):
    """The excerpt is the text as written (traditional characters here), each word marked
    where the normalised text matched it: topic, statements and the name."""
    path = tmp_path / "t.txt"
    path.write_text("關於幹部任用的請示\n經研究，擬提拔張偉同志任水務局副局長，目前尚未公示，請嚴格保密。\n",
                    encoding="utf-8")
    assert main(["explain", str(path)]) == 1
    text_line = next(line for line in capsys.readouterr().out.splitlines()
                     if line.strip().startswith("text:"))
    for word in ("擬提拔", "張偉", "尚未公示", "嚴格保密"):
        assert f"【{word}】" in text_line


def test_explain_a_clean_file_exits_0(tmp_path, capsys):
    path = write_docx(tmp_path / "c.docx", ["关于做好春季防火工作的通知"])
    assert main(["explain", str(path)]) == 0
    out = capsys.readouterr().out
    assert "pass (clean)" in out and "no passage with a topic" in out


def test_explain_reads_the_config_like_scan(tmp_path, capsys, monkeypatch):
    """The allowlist of .baomi.toml applies to explain as to scan (one engine)."""
    path = write_docx(tmp_path / "d.docx", ["经研究，拟提拔郑文博同志任市统计局副局长，尚未公示，请严格保密。"])
    (tmp_path / ".baomi.toml").write_text('allowlist = ["拟提拔"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["scan", "--no-cache", str(path)]) == main(["explain", str(path)])
    capsys.readouterr()
    other = tmp_path / "other.toml"
    other.write_text("[thresholds]\ninternet = 1000\n", encoding="utf-8")
    assert main(["explain", "--config", str(other), str(path)]) == 0
    assert "threshold 1000" in capsys.readouterr().out


def test_dict_check_passes_the_builtin_dictionaries(capsys):
    assert main(["dict", "check"]) == 0
    assert "0 problem(s)" in capsys.readouterr().out


def test_dict_check_reports_duplicates_conflicts_and_bad_weights(tmp_path, capsys):
    dup = tmp_path / "dup.toml"
    dup.write_text('category = "local"\n[terms]\n"機密文件" = 2\n"机密文件" = 3\n"拟提拔" = 2\n',
                   encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text('category = "local2"\n[terms]\n"青松行动" = 0\n', encoding="utf-8")
    assert main(["dict", "check", str(dup), str(bad)]) == 2
    err = capsys.readouterr().err
    assert "'机密文件' is listed twice" in err
    assert "'拟提拔' is local here but personnel" in err
    assert "bad.toml" in err and "weight" in err


def test_declassified_mark_needs_review(tmp_path, scan):
    result = scan(write_docx(tmp_path / "old.docx", ["秘密★10年", "已解密", "关于某项工作的通知"]))
    assert result.status is Status.CLASSIFIED and result.verdict is Verdict.REVIEW
    assert any(f.rule == "marking.declassified" for f in result.findings)
