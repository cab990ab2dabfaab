from django.db import migrations, models


def render_bodies(apps, schema_editor):
    from comments.text import render_comment_text

    Comment = apps.get_model("comments", "Comment")
    batch = []
    for comment in Comment.objects.only("pk", "body").iterator(chunk_size=500):
        comment.body_html = render_comment_text(comment.body)
        batch.append(comment)
        if len(batch) == 500:
            Comment.objects.bulk_update(batch, ["body_html"])
            batch = []
    Comment.objects.bulk_update(batch, ["body_html"])


class Migration(migrations.Migration):
    dependencies = [("comments", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="comment",
            name="body_html",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(render_bodies, migrations.RunPython.noop),
    ]
