"""The demo district's service directory: ten common services of the region, as the 内蒙古政务服务网
lists them, with their guides' key elements. The addresses follow the shape of the 政务服务网's
guide pages and the 蒙速办 app's links but are demo addresses, not the real items' pages.

Idempotent: a service is found by its name and left as it is when it exists. Two street services
are shown on the street's site only: seed_demo calls this after seed_sites."""

from __future__ import annotations

from django.db import transaction

from gongkai.audit.services import record, snapshot
from gongkai.orgs.models import Unit
from gongkai.sites.directory.models import Service
from gongkai.sites.directory.services import FIELDS
from gongkai.sites.models import Site

ZWFW = "https://zwfw.nmg.gov.cn/bsznDetail?itemCode="
MSB = "https://zwfw.nmg.gov.cn/msb/item?code="
STREET_SITE = "hbgx"

# name, category, department (a unit's name here, else text), code, basis, conditions, materials,
# time limit, fees, sites (site codes; [] = every site)
SERVICES: list[tuple[str, str, str, str, str, str, list[str], str, str, list[str]]] = [
    ("最低生活保障审核确认", "社会救助", "康巴什区民政局", "000115001000",
     "《社会救助暂行办法》第九条、第十一条；《内蒙古自治区最低生活保障工作规程》",
     "持有本地户籍，共同生活的家庭成员人均收入低于当地最低生活保障标准，且家庭财产状况符合规定",
     ["居民身份证", "户口簿", "家庭收入情况声明", "家庭经济状况核对授权书"], "30个工作日", "不收费", []),
    ("临时救助对象认定", "社会救助", "康巴什区民政局", "000115002000",
     "《社会救助暂行办法》第四十七条、第四十八条",
     "因火灾、交通事故等意外事件，或家庭成员突发重大疾病等原因，导致基本生活暂时出现严重困难的家庭或个人",
     ["居民身份证", "临时救助申请书", "困难情况证明材料"], "10个工作日", "不收费", []),
    ("结婚登记", "婚姻登记", "康巴什区民政局", "000115003000",
     "《中华人民共和国民法典》第一千零四十九条；《婚姻登记条例》第四条",
     "男女双方完全自愿，达到法定婚龄（男22周岁、女20周岁），双方均无配偶，不属于禁止结婚的情形",
     ["本人的居民身份证", "本人无配偶以及与对方当事人没有直系血亲和三代以内旁系血亲关系的签字声明",
      "2张2寸近期半身免冠合影照片"],
     "即时办结", "不收费", []),
    ("城乡居民基本养老保险参保登记", "社会保障", "康巴什区人力资源和社会保障局", "000112001000",
     "《中华人民共和国社会保险法》第二十条至第二十二条；《国务院关于建立统一的城乡居民基本养老保险制度的意见》",
     "年满16周岁（不含在校学生），非国家机关和事业单位工作人员及不属于职工基本养老保险覆盖范围的城乡居民",
     ["居民身份证或户口簿", "城乡居民基本养老保险参保登记表"], "即时办结", "不收费", []),
    ("失业保险金申领", "社会保障", "鄂尔多斯市人力资源和社会保障局", "000112002000",
     "《中华人民共和国社会保险法》第四十五条；《失业保险条例》第十四条",
     "失业前用人单位和本人已经缴纳失业保险费满一年，非因本人意愿中断就业，已经进行失业登记并有求职要求",
     ["居民身份证或社会保障卡", "解除或终止劳动关系的证明"], "即时办结", "不收费", []),
    ("城乡居民基本医疗保险参保登记", "医疗保障", "康巴什区医疗保障局", "000120001000",
     "《中华人民共和国社会保险法》第二十五条；《内蒙古自治区城乡居民基本医疗保险办法》",
     "未参加职工基本医疗保险或其他医疗保障制度的城乡居民",
     ["居民身份证或户口簿", "新生儿提供出生医学证明"], "即时办结", "按年度缴费标准缴纳", []),
    ("个体工商户设立登记", "市场主体", "康巴什区市场监督管理局", "000121001000",
     "《促进个体工商户发展条例》第八条；《中华人民共和国市场主体登记管理条例》第三条",
     "有经营能力的公民，经营场所符合规定，申请登记的经营范围不属于法律法规禁止的行业",
     ["个体工商户登记（备案）申请书", "经营者身份证明", "经营场所使用相关文件"], "1个工作日", "不收费", []),
    ("居住证申领", "户籍证件", "鄂尔多斯市公安局康巴什区分局", "000113001000",
     "《居住证暂行条例》第二条、第九条；《内蒙古自治区居住证办理规定》",
     "离开常住户口所在地，到康巴什区居住半年以上，有合法稳定就业、合法稳定住所或连续就读之一",
     ["居民身份证", "近期免冠照片", "居住地住址证明", "就业、就读证明之一"], "15个工作日", "首次申领不收费", []),
    ("80周岁以上老年人高龄津贴申请", "养老服务", "康巴什区哈巴格希街道办事处", "000115004000",
     "《中华人民共和国老年人权益保障法》第三十三条；《内蒙古自治区高龄津贴发放办法》",
     "具有本地户籍、年满80周岁的老年人",
     ["居民身份证", "户口簿", "本人银行账户信息"], "20个工作日", "不收费", [STREET_SITE]),
    ("残疾人两项补贴申请", "社会救助", "康巴什区哈巴格希街道办事处", "000115005000",
     "《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号）",
     "持有第二代《中华人民共和国残疾人证》，属于最低生活保障家庭的残疾人，或残疾等级为一、二级且需要长期照护的重度残疾人",
     ["居民身份证", "户口簿", "中华人民共和国残疾人证"], "15个工作日", "不收费", [STREET_SITE]),
]  # fmt: skip


def _service(row: tuple[str, str, str, str, str, str, list[str], str, str, list[str]]) -> tuple[Service, list[str]]:
    name, category, department, code, basis, conditions, materials, time_limit, fees, sites = row
    unit = Unit.objects.filter(name=department).first()
    service = Service(
        name=name, category=category, department=unit, department_name="" if unit else department, code=code,
        basis=basis, conditions=conditions, materials="\n".join(materials), time_limit=time_limit, fees=fees,
        url=ZWFW + code, app_url=MSB + code, position=SERVICES.index(row),
    )  # fmt: skip
    return service, sites


@transaction.atomic
def seed_services() -> int:
    """The demo's services, if missing; returns how many were created."""
    existing = set(Service.objects.values_list("name", flat=True))
    created = 0
    for row in SERVICES:
        if row[0] in existing:
            continue
        service, site_codes = _service(row)
        service.full_clean()
        service.save()
        service.sites.set(Site.objects.filter(code__in=site_codes))
        record(None, "directory.service_created", service, after=snapshot(service, FIELDS))
        created += 1
    return created
