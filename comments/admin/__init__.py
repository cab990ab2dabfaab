"""The moderation queue and the discussion settings, in the admin.

Moderating (the bulk actions, the buttons on a comment's page, the personal-data
tools) needs `comments.moderate_comment`; viewing needs Django's view
permission. Every status change goes through `services.comment_moderate`, which
records who moderated and when, and sends the notifications.

- `comment`: `CommentAdmin`, its fields and permissions;
- `queue`: the list's status filter and counts; `columns`: what rows show;
- `actions`: the bulk moderation actions; `views`: a comment's own buttons;
- `rows`: a queue row's whole comment and actions; `quick`: the JSON endpoints
  the rows act through (static/js/moderation.js);
- `erase`: exporting and erasing an author's personal data;
- `discussion`: `DiscussionSettingsAdmin`;
- `mail`: each moderator's choice of moderation email.
"""

from .comment import CommentAdmin
from .discussion import DiscussionSettingsAdmin
from .mail import ModeratorMailAdmin

__all__ = ["CommentAdmin", "DiscussionSettingsAdmin", "ModeratorMailAdmin"]
