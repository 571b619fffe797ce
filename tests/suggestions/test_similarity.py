"""The merge of near-duplicate suggestions: a pure rule that works for Chinese and English."""

from okrflow.suggestions.similarity import group_similar, normalised, similar


def test_chinese_near_duplicates_are_similar():
    assert similar("提升客户满意度", "提高客户满意度")
    assert similar("提升客户满意度！", "提升 客户满意度")


def test_english_near_duplicates_are_similar_whatever_the_case_and_punctuation():
    assert similar("Improve customer retention", "improve the customer retention rate")
    assert similar("Launch the mobile app", "Launch mobile app!")


def test_different_ideas_are_not_similar():
    assert not similar("提升客户满意度", "降低员工流失率")
    assert not similar("提升品牌知名度", "提升产品质量")
    assert not similar("Improve sales", "Improve hiring")


def test_normalising_drops_spaces_punctuation_and_case_and_folds_full_width_letters():
    assert normalised("  Ｏｋｒ, Flow！ ") == "okrflow"


def test_groups_are_chains_of_near_duplicates_in_the_order_given():
    titles = ["提升客户满意度", "Improve sales", "提高客户满意度", "降低员工流失率", "improve  SALES!",
              "提高客户的满意度"]
    groups = group_similar(titles)
    assert groups == [["提升客户满意度", "提高客户满意度", "提高客户的满意度"],
                      ["Improve sales", "improve  SALES!"], ["降低员工流失率"]]


def test_empty_titles_group_only_with_each_other():
    assert group_similar(["", "…", "Grow revenue"]) == [["", "…"], ["Grow revenue"]]
