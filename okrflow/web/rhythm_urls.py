"""The execution rhythm pages of issue 4: weekly check-in, team weekly, stand-ups, tasks."""

from django.urls import path

from okrflow.web.views import rhythm_checkin, rhythm_meetings, rhythm_standup, rhythm_tasks, rhythm_team

urlpatterns = [
    path("checkin/", rhythm_checkin.weekly_checkin, name="weekly_checkin"),
    path("units/<str:code>/weekly/", rhythm_team.team_weekly, name="team_weekly"),
    path("team/weekly/", rhythm_team.my_team_page, {"page": "team_weekly"}, name="my_team_weekly"),
    path("team/standup/", rhythm_team.my_team_page, {"page": "team_standup"}, name="my_team_standup"),
    path("standup/", rhythm_standup.my_standup, name="my_standup"),
    path("units/<str:code>/standup/", rhythm_standup.team_standup_page, name="team_standup"),
    path("standup/entries/<int:entry_id>/follow-up/", rhythm_standup.follow_up_blocker,
         name="follow_up_blocker"),
    path("follow-ups/<int:follow_up_id>/close/", rhythm_standup.close_follow_up_view, name="close_follow_up"),
    path("tasks/", rhythm_tasks.my_tasks, name="my_tasks"),
    path("tasks/<int:item_id>/status/", rhythm_tasks.task_status, name="task_status"),
    path("units/<str:code>/meetings/", rhythm_meetings.department_meeting, name="department_meeting"),
    path("meetings/management/", rhythm_meetings.management_meeting, name="management_meeting"),
]
