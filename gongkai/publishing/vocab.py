"""Controlled vocabularies of item metadata, as data (gov.cn and local conventions, REGULATIONS §6).

Kept as plain tuples so that the office can later move them into tables without changing callers.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# 主题分类: the 国务院公文主题分类 used for 政府信息公开 metadata on gov.cn.
TOPICS = [
    ("organs", _("国务院组织机构")),
    ("general", _("综合政务")),
    ("economy", _("国民经济管理、国有资产监管")),
    ("finance", _("财政、金融、审计")),
    ("land", _("国土资源、能源")),
    ("agriculture", _("农业、林业、水利")),
    ("industry", _("工业、交通")),
    ("commerce", _("商贸、海关、旅游")),
    ("market", _("市场监管、安全生产监管")),
    ("construction", _("城乡建设、环境保护")),
    ("science", _("科技、教育")),
    ("culture", _("文化、广电、新闻出版")),
    ("health", _("卫生、体育")),
    ("population", _("人口与计划生育、妇女儿童工作")),
    ("labour", _("劳动、人事、监察")),
    ("security", _("公安、安全、司法")),
    ("civil", _("民政、扶贫、救灾")),
    ("ethnic", _("民族、宗教")),
    ("foreign", _("对外事务")),
    ("hmt", _("港澳台侨工作")),
    ("defence", _("国防")),
    ("other", _("其他")),
]

# 体裁: the genre of the document.
GENRES = [
    ("notice", _("通知")),
    ("announcement", _("公告")),
    ("circular", _("通告")),
    ("opinion", _("意见")),
    ("decision", _("决定")),
    ("measures", _("办法")),
    ("rules", _("规定")),
    ("plan", _("规划")),
    ("programme", _("计划")),
    ("scheme", _("方案")),
    ("report", _("报告")),
    ("reply", _("批复")),
    ("letter", _("函")),
    ("news", _("工作动态")),
    ("statistics", _("统计信息")),
    ("other", _("其他")),
]

# 公开方式
DISCLOSURE_MODES = [
    ("proactive", _("主动公开")),
    ("on_application", _("依申请公开")),
]

# 有效性 of an information item.
VALIDITY = [
    ("valid", _("有效")),
    ("amended", _("已修改")),
    ("repealed", _("已废止")),
    ("expired", _("失效")),
]

# Fixed reasons for withdrawing published information (the free-text reason is shown as well).
WITHDRAW_REASONS = [
    ("error", _("发布有误")),
    ("superseded", _("已被新信息替代")),
    ("expired", _("信息已失效")),
    ("confidential", _("经审查不宜公开")),
    ("duplicate", _("重复发布")),
    ("other", _("其他原因")),
]
