from django.urls import path

from samenhier.proposals import decision_views, views

app_name = "proposals"
urlpatterns = [
    path("", views.runs, name="runs"),
    path("new/", views.new_run, name="new"),
    path("runs/<int:pk>/", views.run, name="run"),
    path("runs/<int:pk>/lock/", views.lock, name="lock"),
    path("runs/<int:pk>/exclude/", views.exclude, name="exclude"),
    path("runs/<int:pk>/swap/", views.swap, name="swap"),
    path("runs/<int:pk>/choices/<int:choice>/undo/", views.undo, name="undo"),
    path("runs/<int:pk>/rerun/", views.rerun, name="rerun"),
    path("runs/<int:pk>/publish/", views.publish, name="publish"),
    path("proposals/", decision_views.proposals, name="proposals"),
    path("proposals/<int:pk>/", decision_views.detail, name="detail"),
    path("proposals/<int:pk>/answer/<str:party>/", decision_views.decide, name="decide"),
    path("proposals/<int:pk>/withdraw/", decision_views.withdraw, name="withdraw"),
]
