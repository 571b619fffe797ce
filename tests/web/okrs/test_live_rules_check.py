"""The rules check runs on the form's current input while an OKR is drafted."""


def codes(response):
    return [f.code for f in response.context["findings"]]


def test_a_vague_key_result_draft_is_flagged(login, bob, okrs):
    response = login(bob).post("/okrs/lint/", {"lint_objective": okrs.speed.pk, "kind": "number",
                                               "title": "提升用户体验", "owner": "bob@acme.test"})
    assert response.status_code == 200
    assert codes(response) == ["vague_wording"]
    assert "提升" in response.content.decode()


def test_a_well_written_key_result_draft_gets_no_finding(login, bob, okrs):
    response = login(bob).post("/okrs/lint/", {"lint_objective": okrs.speed.pk, "kind": "number",
                                               "title": "首页加载时间从3秒降到1.5秒",
                                               "owner": "bob@acme.test"})
    assert codes(response) == []
    assert "Meets the OKR rules." in response.content.decode()


def test_editing_a_key_result_checks_the_new_wording_in_place_of_the_old(login, bob, okrs):
    response = login(bob).post("/okrs/lint/", {"lint_kr": okrs.latency.pk, "kind": "number",
                                               "title": "优化接口性能", "owner": "bob@acme.test"})
    assert codes(response) == ["vague_wording"]


def test_a_new_objective_without_parent_or_key_results_is_flagged(login, bob, okrs):
    response = login(bob).post("/okrs/lint/", {"title": "让新用户爱上产品", "owner": f"person:{bob.pk}",
                                               "parent": ""})
    assert sorted(codes(response)) == ["not_aligned", "too_few_key_results"]


def test_the_rules_check_of_another_organizations_objective_is_not_found(login, mallory, okrs):
    response = login(mallory).post("/okrs/lint/", {"lint_objective": okrs.speed.pk, "kind": "number",
                                                   "title": "x"})
    assert response.status_code == 404


def test_the_forms_ask_for_the_rules_check_as_the_person_types(login, bob, okrs):
    html = login(bob).get(f"/objectives/{okrs.speed.pk}/key-results/new/").content.decode()
    assert 'hx-post="/okrs/lint/"' in html and 'hx-trigger="input changed delay:500ms"' in html


def test_a_draft_due_after_the_cycle_ends_is_flagged(login, bob, okrs):
    response = login(bob).post("/okrs/lint/", {"lint_objective": okrs.speed.pk, "kind": "number",
                                               "title": "首页加载时间从3秒降到1.5秒",
                                               "owner": "bob@acme.test",
                                               "due_date": "2026-06-30"})
    assert codes(response) == ["due_outside_cycle"]
