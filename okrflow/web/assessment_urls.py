"""Self-assess (issue 9): the self-assessment page, the review queue, a unit's aggregate, and
the review sheet kept apart for HR."""

from django.urls import path

from okrflow.web.views import assessments

urlpatterns = [
    path("cycles/<str:code>/self-assessment/", assessments.self_assessment_page, name="self_assessment"),
    path("cycles/<str:code>/self-assessment/units/<str:unit_code>/", assessments.unit_assessments,
         name="self_assessment_unit"),
    path("cycles/<str:code>/reviews/", assessments.review_queue, name="self_assessment_reviews"),
    path("cycles/<str:code>/review-sheet/<int:person_id>/", assessments.review_sheet, name="review_sheet"),
    path("cycles/<str:code>/review-sheet/units/<str:unit_code>.xlsx", assessments.unit_review_sheet_export,
         name="review_sheet_export"),
]
