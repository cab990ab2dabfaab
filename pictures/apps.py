from django.apps import AppConfig


class PicturesConfig(AppConfig):
    """Pictures: upload checks, clean re-encoded copies, renditions, <picture>.

    `UploadedImageField` is what a model uses for a picture; `{% picture %}`
    and `picture_html` show one. It uses no other app of the project.
    """

    name = "pictures"
    verbose_name = "Pictures"
