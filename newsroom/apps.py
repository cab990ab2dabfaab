from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    """Infrastructure, installed only so that its system checks are registered."""

    name = "newsroom"
    verbose_name = "Newsroom infrastructure"

    def ready(self):
        from . import checks  # noqa: F401 -- registers them
