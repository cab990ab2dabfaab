from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Site-wide pages and helpers that belong to no one app.

    robots.txt, the site's name in every template, the reader's address and
    whether a request is a person reading, and the database backup. It uses
    no other app of the project; every app may use it.
    """

    name = "core"
    verbose_name = "Site"
