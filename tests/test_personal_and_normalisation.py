"""Personal data in lists, and text normalised before matching."""
from pathlib import Path

import pytest

from conftest import write_docx
from scanner.detect.personal import gb11643_valid, luhn_valid, mask
from scanner.model import Status, Verdict
from scanner.text_utils import normalize_many, nfkc, normalize, original_span

_W = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(first17: str) -> str:
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, _W)) % 11]


def luhn_number(prefix: str, length: int = 16) -> str:
    body = prefix.ljust(length - 1, "3")
    for check in "0123456789":
        if luhn_valid(body + check):
            return body + check
    raise AssertionError


def test_checksums():
    assert gb11643_valid(resident_id("11010519491231002"))
    assert not gb11643_valid("110105194912310021")
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")
    assert mask("350102199001011234") == "350*************34"


def test_identity_numbers_need_a_birth_date_and_a_region_code():
    """A valid check digit alone is one chance in eleven: the date and region decide."""
    assert not gb11643_valid(resident_id("99010219900101011"))  # no region 990102
    assert not gb11643_valid(resident_id("11010519491331002"))  # month 13
    assert not gb11643_valid(resident_id("11010519490230002"))  # 30 February
    # A number keeps the code of the county that issued it, newer than the holder (邵武市
    # 350781 since 1994) or since retired (建阳市 350784, 1994-2014): still a real number.
    assert gb11643_valid(resident_id("35078119560914407"))
    assert gb11643_valid(resident_id("35078420021203251"))


def test_order_numbers_with_a_lucky_check_digit_pass(tmp_path, scan):
    rows = [["订单号", "金额"]] + [[resident_id(f"9{i}0000202513{i:02d}123"), "200元"]
                                   for i in range(1, 6)]
    result = scan(write_docx(tmp_path / "orders.docx", ["2025年采购订单汇总"], table=rows))
    assert result.verdict is Verdict.PASS, result.findings


def test_list_with_full_identity_numbers_blocks(tmp_path, scan):
    rows = [["姓名", "身份证号码", "拟补助金额"]] + [
        [name, resident_id(f"35010219900101{i:02d}1"), "2000元"] for i, name in enumerate(["林海", "陈静", "黄伟"])]
    result = scan(write_docx(tmp_path / "list.docx", ["2026年第一批临时救助对象名单"], table=rows))
    assert result.status is Status.PERSONAL_DATA and result.verdict is Verdict.BLOCK
    finding = next(f for f in result.findings if f.rule == "personal.resident-id")
    assert finding.detail["count"] == 3
    assert resident_id("35010219900100") not in str(result.to_dict())  # never printed in full


def test_masked_numbers_pass(tmp_path, scan):
    rows = [["姓名", "身份证号码", "手机"]] + [
        [n, "350102********123X", "138****1234"] for n in ["林海", "陈静", "黄伟", "王芳", "李娜", "刘洋"]]
    result = scan(write_docx(tmp_path / "masked.docx", ["2026年第一批临时救助对象公示"], table=rows))
    assert result.verdict is Verdict.PASS


def test_one_contact_phone_passes_but_a_list_blocks(tmp_path, scan):
    notice = ["关于开展防汛应急演练的通知", "联系人：张伟，电话：13812345678。"]
    assert scan(write_docx(tmp_path / "notice.docx", notice)).verdict is Verdict.PASS
    rows = [["姓名", "手机"]] + [[f"人员{i}", f"1391234{i:04d}"] for i in range(6)]
    result = scan(write_docx(tmp_path / "phones.docx", ["应急值守人员通讯录"], table=rows))
    assert result.status is Status.PERSONAL_DATA
    assert next(f for f in result.findings if f.rule == "personal.mobile").detail["count"] == 6


def test_bank_card_with_context_blocks(tmp_path, scan):
    card = luhn_number("622202")
    result = scan(write_docx(tmp_path / "card.docx", [f"请将补贴发放至申请人银行卡号：{card}。"]))
    assert result.status is Status.PERSONAL_DATA
    lone = scan(write_docx(tmp_path / "order.docx", [f"订单编号{luhn_number('622202')[:-1]}5"]))
    assert lone.verdict is Verdict.PASS


def test_marking_outranks_personal_data(tmp_path, scan):
    rows = [["姓名", "身份证号码"], ["林海", resident_id("35010219900101001")]]
    result = scan(write_docx(tmp_path / "m.docx", ["秘密★1年", "名单"], table=rows))
    assert result.status is Status.CLASSIFIED


@pytest.mark.parametrize("raw, expected", [
    ("機密文件", "机密文件"), ("機 密", "机密"), ("机*密", "机密"), ("机·密", "机密"),
    ("拟\n提拔", "拟提拔"), ("尚\u200b未公示", "尚未公示"), ("秘密＊1年", "秘密*1年"),
])
def test_normalisation(raw, expected):
    assert normalize(raw)[0] == expected


def test_fast_nfkc_is_nfkc():
    """The compat-first shortcut gives exactly what NFKC gives: every character of the
    Basic Multilingual Plane alone, and after each a combining mark and a Han character
    (composition across the replaced character), and text of the corpus's kind."""
    import random
    import unicodedata

    chars = [chr(cp) for cp in range(0x10000) if not 0xD800 <= cp <= 0xDFFF]
    for ch in chars:
        for text in (ch, ch + "\u0301", "经" + ch + "\u0308研", "，" + ch):
            assert nfkc(text) == unicodedata.normalize("NFKC", text), hex(ord(ch))
    rng = random.Random(13)
    pool = list("机密，：；（）！？\u3000ＡＢ１２　﹏ｶﾞ\u00a0\u0301\u0308e国家秘密①㈱") + chars[::97]
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randrange(1, 40)))
        assert nfkc(text) == unicodedata.normalize("NFKC", text), ascii(text)


def test_normalising_a_document_at_once_is_normalising_each_paragraph():
    """normalize_many's one pass over the joined paragraphs gives each paragraph exactly
    what ``normalize`` gives it alone, offsets included: paragraphs drawn at random from
    separators, line breaks, invisible characters, combining marks, ligatures, Hangul jamo,
    radicals, full-width and traditional characters, and the joiner itself, and the
    paragraphs of every file of sample_docs."""
    import random

    from scanner.extract import extract

    pool = list("机密秘密保密涉密abé，：\u3000 \n*·\u200b\u00adＡ１⻓⺬機ﬁ㈱﹐ｶﾞ\t-_~\ufeff\x00•・．")
    pool += ["e\u0301", "\u0301", "\u0338", "\r\n", "\u1100\u1161", "\u11a8"]
    rng = random.Random(5)
    documents = [["".join(rng.choice(pool) for _ in range(rng.randrange(0, 14)))
                  for _ in range(rng.randrange(0, 6))] for _ in range(5000)]
    for path in sorted((Path(__file__).parents[1] / "sample_docs").iterdir()):
        if not path.is_file():
            continue  # __pycache__ of the samples script
        documents.append([s.text for s in extract(path.read_bytes()).segments])
    for texts in documents:
        norms, offsets = normalize_many(texts)
        assert list(zip(norms, offsets)) == [normalize(t) for t in texts], ascii(texts)


def test_offsets_map_back():
    raw = "经研究，擬 提 拔王志强同志"
    norm, offsets = normalize(raw)
    start = norm.index("拟提拔")
    s, e = original_span(offsets, start, start + 3)
    assert raw[s:e] == "擬 提 拔"


def test_spaced_and_traditional_terms_block(tmp_path, scan):
    text = "經研究，擬 提 拔趙海燕同志任財政局副局長，尚未公示，請嚴格保密。"
    assert scan(write_docx(tmp_path / "t.docx", [text])).status is Status.UNMARKED_SENSITIVE


def test_a_joined_documents_compatibility_fold_is_its_paragraphs_folds():
    """text_utils._compat_fold of paragraphs joined by _JOIN looks for the rarer
    compatibility characters only in the paragraphs not yet normalised after the frequent
    tiers: each paragraph comes out as its own fold would, whichever of them holds an
    ellipsis or a ligature (never folded one for one) beside a rarer character."""
    import random
    import unicodedata

    from scanner.text_utils import _JOIN, _compat_fold

    pool = list("机密，：１２ｶﾞ﹐﹏…ﬁ㈱\u00a0\u3000abc")
    rng = random.Random(11)
    for _ in range(2000):
        paragraphs = ["".join(rng.choice(pool) for _ in range(rng.randrange(0, 8)))
                      for _ in range(rng.randrange(1, 6))]
        folded, normalised = _compat_fold(_JOIN.join(paragraphs))
        alone = [_compat_fold(p) for p in paragraphs]
        assert folded.split(_JOIN) == [text for text, _ in alone], ascii(paragraphs)
        assert normalised == unicodedata.is_normalized("NFKC", folded)


def test_regulation_spacing_is_dropped_where_it_stands():
    """drop-at: the spaces of 第一条 为了… and separators between characters are dropped at
    the places the document pass lists, with the same offsets as a paragraph alone."""
    texts = ["第一条 为了保守国家秘密", "机 密\u200b文件", "保**密", "保 ** 密", "A 1 b", "秘密 "]
    norms, offsets = normalize_many(texts)
    # kept: three separators in a row, a space after a letter, a space at the end
    assert norms == ["第一条为了保守国家秘密", "机密文件", "保密", "保 ** 密", "A 1 b", "秘密 "]
    assert list(zip(norms, offsets)) == [normalize(t) for t in texts]
