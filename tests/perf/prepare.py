"""Benchmark data: a large generated case next to the demo case, and the simulated officials.

Run after ``migrate`` and ``load_demo`` (the runner does both). Writes the plan as JSON:
users, and for each case the URLs of every page type, generated from the URL conf.
"""

from __future__ import annotations

import json
import sys

import django


def main(users: int, rows: int, password: str) -> dict:
    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from asm_guide.cases.models import Membership, Role, StrategyCase
    from tests.generate import case_pages, fill_case

    demo = StrategyCase.objects.get(is_fictional=True)
    large = StrategyCase.objects.create(
        country_name="Benchland", title=f"Generated case, {rows} items a list", lead_ministry="Mines",
        currency="USD", strategy_start_year=2026, horizon_years=5,
    )
    fill_case(large, rows)
    User = get_user_model()
    hashed = make_password(password)
    plan = {"users": [], "cases": {}}
    members = {}
    for number in range(1, users + 1):
        user = User.objects.create(username=f"bench-{number:02d}", password=hashed)
        case = demo if number % 2 else large
        Membership.objects.create(case=case, user=user, role=Role.EDITOR)
        plan["users"].append({"username": user.username, "case": str(case.pk)})
        members.setdefault(case.pk, user)
    for case in (demo, large):
        pages = case_pages(case)
        # Only the steps that apply to this case (Part 3 shows the steps of the approaches chosen):
        # what an official can open, as the application itself answers.
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(members[case.pk])
        pages = {name: url for name, url in pages.items()
                 if "/" not in name or client.get(url, secure=True).status_code == 200}
        plan["cases"][str(case.pk)] = {
            "title": str(case),
            "task_list": pages.pop("cases:task-list"),
            "check_answers": [url for name, url in pages.items() if name.endswith(":check-answers")
                              and "/" not in name],
            "steps": [url for name, url in pages.items() if "/" in name],
            "report_preview": [],
        }
        try:  # the report preview arrives with the reports work
            plan["cases"][str(case.pk)]["report_preview"].append(reverse("reports:preview", args=[case.pk]))
        except NoReverseMatch:
            pass
    plan["password"] = password
    return plan


if __name__ == "__main__":
    users, rows, password, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(main(users, rows, password), handle)
