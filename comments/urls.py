from django.urls import path

from . import subscription_views, views

app_name = "comments"

urlpatterns = [
    path("post/<int:article_id>/", views.comment_post, name="post"),
    path("<int:comment_id>/", views.comment_permalink, name="permalink"),
    path(
        "subscriptions/confirm/<str:token>/",
        subscription_views.confirm,
        name="subscription-confirm",
    ),
    path(
        "subscriptions/stop/<str:token>/",
        subscription_views.unsubscribe,
        name="unsubscribe",
    ),
]
