"""Sixteen well-written objectives in Chinese and English that the rules check must accept.

(ref, owner, title, origin, parent ref, [(KR ref, title, kind, start, target)]). Owners: "company",
"unit:CODE" or a persona's name. Parents name an objective or a key result.
"""

WELL_WRITTEN = [
    ("C1", "company", "成为华东地区领先的企业数字化服务商", "top_down", None, [
        ("C1-1", "季度营业收入从 2000 万元增长到 3000 万元", "currency", 2000, 3000),
        ("C1-2", "签约行业标杆客户从 5 家增加到 8 家", "number", 5, 8),
        ("C1-3", "本季度NPS得分从30分提升至45分", "number", 30, 45),
    ]),
    ("C2", "company", "Build a product customers love to recommend", "top_down", None, [
        ("C2-1", "Raise weekly active users from 12,000 to 18,000", "number", 12000, 18000),
        ("C2-2", "Cut monthly churn from 4% to 2.5%", "percent", 4, 2.5),
    ]),
    ("C3", "company", "打造高效稳定的产品平台", "negotiated", None, [
        ("C3-1", "核心系统可用性从 99.5% 提升到 99.95%", "percent", 99.5, 99.95),
        ("C3-2", "线上 P1 级故障从 6 起降到 1 起以内", "number", 6, 1),
        ("C3-3", "API 网关完成灰度并全量上线", "milestone", 0, 1),
    ]),
    ("T1", "unit:TECH", "让研发交付又快又稳", "bottom_up", "C3", [
        ("T1-1", "自动化测试覆盖率从 45% 提升到 70%", "percent", 45, 70),
        ("T1-2", "平均发布时长从 90 分钟缩短到 20 分钟", "number", 90, 20),
        ("T1-3", "P1 故障平均恢复时间从 60 分钟缩短到 15 分钟", "number", 60, 15),
    ]),
    ("T2", "unit:TECH", "Make our platform effortless for developers", "negotiated", "C2-1", [
        ("T2-1", "Reduce median API latency from 320 ms to 150 ms", "number", 320, 150),
        ("T2-2", "Ship the public SDK for Python and Java", "milestone", 0, 1),
        ("T2-3", "Increase the documentation satisfaction score from 3.6 to 4.3", "number", 3.6, 4.3),
    ]),
    ("T3", "unit:TECH", "提升数据驱动决策的能力", "bottom_up", "C1", [
        ("T3-1", "上线经营数据看板，覆盖全部五个一级部门", "number", 0, 5),
        ("T3-2", "周报自动化率从 20% 提高到 80%", "percent", 20, 80),
    ]),
    ("S1", "unit:SALES", "拿下华东、华南两大区的行业标杆客户", "bottom_up", "C1-2", [
        ("S1-1", "华东大区新签合同额达到 1800 万元", "currency", 0, 1800),
        ("S1-2", "华南大区新签合同额达到 1200 万元", "currency", 0, 1200),
        ("S1-3", "有效商机数从 40 个增加到 70 个", "number", 40, 70),
    ]),
    ("S2", "unit:SALES", "Turn every customer into a reference", "negotiated", "C2", [
        ("S2-1", "Get 10 customers to publish a case study with us", "number", 0, 10),
        ("S2-2", "Raise the renewal rate from 82% to 92%", "percent", 82, 92),
    ]),
    ("S3", "unit:SALES", "建立可复制的销售打法", "bottom_up", "C1", [
        ("S3-1", "完成三个行业销售手册并培训全部销售", "number", 0, 3),
        ("S3-2", "新人首单周期从 90 天缩短到 60 天", "number", 90, 60),
        ("S3-3", "优化报价审批流程，审批时长缩短一半", "number", 48, 24),
    ]),
    ("P1", "bob", "把发布变成一件无聊的小事", "bottom_up", "T1-2", [
        ("P1-1", "部署流水线平均时长从 25 分钟缩短到 8 分钟", "number", 25, 8),
        ("P1-2", "每月完成 2 次回滚演练，成功率 100%", "number", 0, 2),
    ]),
    ("P2", "bob", "Own our reliability story", "bottom_up", "T1", [
        ("P2-1", "Write runbooks for all 12 tier-1 services", "number", 0, 12),
        ("P2-2", "Bring on-call pages per week down from 30 to 10", "number", 30, 10),
        ("P2-3", "Improve alert precision from 40% to 75%", "percent", 40, 75),
    ]),
    ("P3", "carol", "成为华南大客户最信赖的顾问", "bottom_up", "S1-2", [
        ("P3-1", "拜访重点客户决策人 20 次", "number", 0, 20),
        ("P3-2", "个人新签合同额达到 400 万元", "currency", 0, 400),
        ("P3-3", "客户满意度从 85 分提高到 92 分", "number", 85, 92),
    ]),
    ("P4", "carol", "Grow my pipeline in the healthcare vertical", "negotiated", "S1", [
        ("P4-1", "Book 15 discovery meetings with hospital CIOs", "number", 0, 15),
        ("P4-2", "Move six opportunities to the proposal stage", "number", 0, 6),
    ]),
    ("P5", "alice", "带出一支能独立作战的技术团队", "bottom_up", "T1", [
        ("P5-1", "3 名工程师通过高级职级评审", "number", 0, 3),
        ("P5-2", "团队季度敬业度调查得分从 72 分提升到 80 分", "number", 72, 80),
    ]),
    ("P6", "alice", "Make hiring a strength of the tech center", "negotiated", "T2", [
        ("P6-1", "Hire 4 senior engineers, with offer acceptance above 80%", "number", 0, 4),
        ("P6-2", "Cut time-to-hire from 60 days to 40 days", "number", 60, 40),
        ("P6-3", "Double the referral share of hires from 15% to 30%", "percent", 15, 30),
    ]),
    ("P7", "admin", "让 OKR 成为公司的工作方式", "bottom_up", "C1", [
        ("P7-1", "全员 OKR 按时提交率达到 95%", "percent", 0, 95),
        ("P7-2", "每周 check-in 完成率从 60% 提高到 90%", "percent", 60, 90),
        ("P7-3", "加强复盘：每个一级部门每月开一次复盘会", "number", 0, 3),
    ]),
]
