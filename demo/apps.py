from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The `seed_demo` command and the demo site's content, as data files.

    It uses the articles and comments apps; no app uses it. Installed only
    where the package can be imported, which is a clone of the repository
    (newsroom/settings.py): the built package leaves it out.
    """

    name = "demo"
    label = "demo"
    verbose_name = "Demo content"
