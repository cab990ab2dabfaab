from django.apps import AppConfig


class StaffConfig(AppConfig):
    """The people behind the site: roles and their groups, adding a
    contributor with a login, the staff password pages, the admin's desk.

    It uses the articles and comments apps (a role spans both); neither
    uses it.
    """

    name = "staff"
    verbose_name = "Staff"
