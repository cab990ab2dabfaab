from django.urls import path

from . import views

app_name = "comments"

urlpatterns = [
    path("post/<int:article_id>/", views.comment_post, name="post"),
    path("<int:comment_id>/", views.comment_permalink, name="permalink"),
]
