"""Sector knowledge as data (dictionaries/sectors/*.toml): each sector's matters are found
in its own words, named after the sector, and marked at the sector's level; the same words
in the published counterpart (a 公告 after the hearing, a 公示, a 通报 of results, a judgment)
do not block."""
import pytest

from conftest import write_docx
from markers.marking import LEVELS
from scanner.dictionary import load_dictionary
from scanner.model import Status, Verdict

# Internal drafts of each sector, each closing with the sector's own stage wording.
DRAFTS = {
    "cyber": ["关于网络安全攻防演练发现问题整改情况的汇报",
              "4月8日攻防演练中，攻击队通过门户网站后台漏洞进入内网，共发现未修复漏洞12个，"
              "其中高危漏洞5个，涉及政务服务平台等3个系统。",
              "信息中心张建华同志负责整改，计划5月10日前完成修复。整改完成前上述情况不得外传。"],
    "reserves": ["关于市级储备粮轮换计划的请示",
                 "目前市级储备粮实际库存3.2万吨，分布在城东、河西、北关3个储备库点。",
                 "拟于6月15日前轮换小麦8000吨，由市粮食储备公司李卫东同志具体负责。"
                 "轮换计划下达前请勿对外透露。"],
    "market": ["2026年第二季度食品安全暗访方案",
               "暗访组由执法二科王海涛、刘芳组成，5月20日至22日对城南区15家餐饮单位开展突击检查。",
               "抽查对象名单附后，检查前不得向被检查单位透露。"],
    "flood": ["关于红旗水库险情处置的情况报告",
              "7月12日6时，红旗水库主坝背水坡出现管涌2处，已组织抢险队员60人处置。",
              "如水位继续上涨，拟启动转移预案，下游3个村1260人按人员转移名单转移。"
              "险情在防汛指挥部统一发布前不得对外公布。"],
    "price": ["关于调整城区居民用水价格的请示",
              "经成本监审，城区供水定价成本为每立方米3.12元，建议居民第一阶梯由2.80元调至3.30元。",
              "拟调价时间为2026年10月1日。调价方案出台前请勿外传。"],
    "land_sale": ["关于城东A-12地块挂牌出让底价的请示",
                  "根据土地估价报告，A-12地块评估地价为每平方米4850元。",
                  "经集体决策，拟将出让底价确定为总价3.6亿元。挂牌结束前严禁泄露。"],
    "science": ["2026年度市科技计划项目会评专家名单",
                "会评专家：王立群（市农科院研究员）、陈思远（市第一人民医院主任医师）、赵明（某大学教授）。",
                "评审得分前10名的项目拟立项，经费合计860万元。公示前不得对外透露。"],
    "tax": ["关于2026年第三季度稽查选案对象的请示",
            "根据风险疑点数据，拟将宏达贸易有限公司等6户企业列为选案对象，涉税金额约1280万元。",
            "检举人刘建国反映该公司存在虚开发票问题。实施检查前请严格保密。"],
    "medical_insurance": ["2026年医保基金飞行检查方案",
                          "检查组由市医保局基金监管科孙伟带队，于9月3日至5日对以下机构开展飞行检查。",
                          "被检查机构名单：市中医院、城西区人民医院、康宁骨科医院。检查前不得泄露。"],
    "eco_inspection": ["关于第二轮省生态环境保护督察发现问题的汇报",
                       "督察组下沉督察发现，县化工园区污水处理厂长期超标排放，督察问题清单共列17项。",
                       "拟约谈县政府分管副县长周明，拟移交责任追究问题3个。反馈前请勿外传。"],
    "judicial": ["张某某合同纠纷案合议庭评议笔录",
                 "审判长李明、审判员王芳、陈刚参加评议。",
                 "合议庭评议意见：拟判处被告支付货款85万元，提交审委会讨论。宣判前不得泄露。"],
    "epidemics": ["关于城北区聚集性疫情的研判报告",
                  "截至5月9日18时，城北区累计初筛阳性14例，复核阳性9例，密切接触者326人。",
                  "流调报告显示，病例轨迹涉及城北农贸市场等6处场所。统一发布前不得对外公布。"],
}
# The published counterparts: the same sector's words after the event, in a public form.
PUBLISHED = {
    "price": ["关于调整城区居民用水价格的公告",
              "经成本监审和价格听证，城区居民用水价格自2026年10月1日起由每立方米2.80元调整为3.30元。",
              "特此公告。"],
    "science": ["2026年度市科技计划拟立项项目公示",
                "经专家评审，现将拟立项的项目予以公示，公示期为5个工作日。公示期间如有异议，请来电来信来访。",
                "特此公示。"],
    "medical_insurance": ["市医保局通报2026年医保基金飞行检查结果",
                          "9月，市医保局对3家定点医疗机构开展飞行检查，发现违规使用医保基金问题12个，"
                          "已追回基金86万元。",
                          "特此通报。"],
    "tax": ["市税务局曝光3起涉税违法案件",
            "近日，市税务局稽查局依法查处宏达贸易有限公司虚开发票案件，查补税款1280万元。",
            "税务部门将依法保护检举人合法权益，欢迎社会各界监督。"],
    "judicial": ["张某某与某贸易公司买卖合同纠纷一审民事判决书",
                 "本院受理后，依法组成合议庭，公开开庭进行了审理。本案经合议庭评议，"
                 "并经审判委员会讨论决定，判决如下：",
                 "被告某贸易公司于本判决生效之日起十日内支付原告张某某货款85万元。"],
}


@pytest.mark.parametrize("sector", sorted(DRAFTS))
def test_a_sector_draft_blocks_under_its_own_sector_and_level(tmp_path, scan, sector):
    result = scan(write_docx(tmp_path / f"{sector}.docx", DRAFTS[sector]))
    assert (result.verdict, result.status) == (Verdict.BLOCK, Status.UNMARKED_SENSITIVE)
    assert sector in {f.category for f in result.findings}
    expected = load_dictionary().categories[sector].suggested_level
    assert result.suggested_marking is not None
    assert result.suggested_marking.level == expected


@pytest.mark.parametrize("sector", sorted(PUBLISHED))
def test_the_published_counterpart_passes(tmp_path, scan, sector):
    result = scan(write_docx(tmp_path / f"{sector}.docx", PUBLISHED[sector]))
    assert result.verdict is Verdict.PASS, [f.to_dict() for f in result.findings]


def test_a_judgments_formulas_are_no_judicial_matter(tmp_path, scan):
    """经合议庭评议 / 经审判委员会讨论决定 are written in every published judgment: only the
    records and opinions themselves (评议笔录, 审委会讨论记录) are the sector's words."""
    result = scan(write_docx(tmp_path / "judgment.docx", PUBLISHED["judicial"]))
    assert "judicial" not in {f.category for f in result.findings}


def test_every_sector_names_its_source_stage_and_level():
    """A sector file says what is secret until when, and which public rule says so."""
    for category in load_dictionary().categories.values():
        assert category.source.startswith("《"), category.name
        assert category.secret_until, category.name
        assert category.suggested_level in LEVELS, category.name
