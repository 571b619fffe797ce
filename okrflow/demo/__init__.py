"""The demo organization: the company from the source guides (shared/seeds), in Chinese.

`load_demo()` builds it through the same services as everything else. The logins below are
printed by `make run` and used by the browser tests.
"""

DEMO_SLUG = "xingyun"
DEMO_PASSWORD = "okrflow-demo-2026"

# (email, what they show) — every demo person shares DEMO_PASSWORD.
DEMO_LOGINS = [
    ("ceo@xingyun.example", "总经理 / admin"),
    ("champion@xingyun.example", "OKR 冠军 / OKR champion"),
    ("tech.head@xingyun.example", "技术中心负责人 / head of 技术中心 (manager)"),
    ("dev1@xingyun.example", "技术中心 后端组 工程师 / engineer (member)"),
]


def load_demo(today=None, stdout=None):
    """Build the demo organization; returns it. Safe to call on an install without it."""
    from okrflow.demo.build import build_demo

    return build_demo(today=today, stdout=stdout)
