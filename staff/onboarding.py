"""Adding a contributor with a login in one step.

`contributor_onboard` creates the staff user, puts them in the Contributors
group and gives them a contributor profile, all in one transaction. The new
person then gets either a one-time password, shown once to whoever added
them, or an email with a link to set their own password (Django's password
reset tokens, so the link stops working once used or after
`PASSWORD_RESET_TIMEOUT`).
"""

import secrets
import string
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from articles.models import Contributor
from newsroom.siteurl import site_url

from .roles import CONTRIBUTORS, ensure_role_groups

CONTRIBUTORS_GROUP = CONTRIBUTORS

# No 0/O or 1/l/I: the password may be read out or copied by hand.
PASSWORD_ALPHABET = "".join(
    c for c in string.ascii_letters + string.digits if c not in "0O1lI"
)

WELCOME_SUBJECT_TEMPLATE = "staff/email/contributor_welcome_subject.txt"
WELCOME_BODY_TEMPLATE = "staff/email/contributor_welcome_body.txt"


def role_group(name: str) -> Group:
    """The role group called `name`, created if it is missing.

    A missing group is restored with `ensure_role_groups()`, which also
    grants the role's permissions. An existing group is used as it is: its
    permissions may have been adjusted by hand.
    """
    group = Group.objects.filter(name=name).first()
    if group is not None:
        return group
    return ensure_role_groups()[name]


def one_time_password(user) -> str:
    """A random password like `Xk7p-9fQa-Ur3d-Hs2m` that passes the validators."""
    while True:
        groups = (
            "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(4))
            for _ in range(4)
        )
        password = "-".join(groups)
        try:
            validate_password(password, user)
        except ValidationError:
            continue
        return password


def onboarding_errors(*, username: str, email: str, name: str) -> dict:
    """What is wrong with these details, by field; empty when all is well."""
    user_model = get_user_model()
    errors = {}
    username_field = user_model._meta.get_field(user_model.USERNAME_FIELD)
    try:
        username_field.clean(username, None)
    except ValidationError as error:
        errors["username"] = error.messages
    else:
        if user_model._default_manager.filter(
            **{f"{user_model.USERNAME_FIELD}__iexact": username}
        ).exists():
            errors["username"] = ["A user with this username already exists."]
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = ["Enter a valid email address."]
    else:
        if user_model._default_manager.filter(email__iexact=email).exists():
            errors["email"] = ["A user with this email address already exists."]
    if not name.strip():
        errors["name"] = ["Give the contributor's display name."]
    return errors


def contributor_onboard(
    *,
    username: str,
    email: str,
    name: str,
    byline_title: str = "Contributor",
    send_email: bool,
    request=None,
):
    """Create a contributor who can log into the admin.

    Returns (user, profile, password): the password is None when a
    set-password email was sent instead. Raises ValidationError (and writes
    nothing) when the details are unusable. The email is sent inside the
    transaction: if it cannot be sent, nobody is created and the form can be
    sent again. Its link is on NEWSROOM_SITE_URL; `request` is only read in a
    debug run without it.
    """
    errors = onboarding_errors(username=username, email=email, name=name)
    if errors:
        raise ValidationError(errors)
    if send_email:
        _check_reset_urls()
    user_model = get_user_model()
    with transaction.atomic():
        user = user_model(
            **{user_model.USERNAME_FIELD: username},
            email=user_model._default_manager.normalize_email(email),
            is_staff=True,
            is_active=True,
        )
        password = None
        if send_email:
            # Unusable until the person chooses one through the link.
            user.set_unusable_password()
        else:
            password = one_time_password(user)
            user.set_password(password)
        user.save()
        user.groups.add(role_group(CONTRIBUTORS_GROUP))
        profile = Contributor(user=user, name=name.strip())
        profile.byline_title = byline_title.strip() or "Contributor"
        profile.save()
        if send_email:
            _send_welcome_email(user, request=request)
    return user, profile, password


def _send_welcome_email(user, *, request):
    address = urlsplit(site_url(request))
    context = {
        "email": user.email,
        "domain": address.netloc,
        "site_name": address.netloc,
        "newsroom_name": settings.NEWSROOM_SITE_NAME,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": address.scheme,
    }
    # Not PasswordResetForm: it skips users without a usable password, as a
    # new one is. The message is queued in the onboarding's transaction
    # (core/mail.py): a failure to queue it undoes the onboarding, and the
    # worker retries a send that fails.
    subject = "".join(render_to_string(WELCOME_SUBJECT_TEMPLATE, context).splitlines())
    body = render_to_string(WELCOME_BODY_TEMPLATE, context)
    send_mail(subject, body, None, [user.email])


def _check_reset_urls():
    try:
        reverse("password_reset_confirm", kwargs={"uidb64": "x", "token": "x"})
    except NoReverseMatch:
        raise ImproperlyConfigured(
            "Set-password emails need the password reset pages: include "
            "staff.urls in the root URLconf."
        ) from None


class ContributorOnboardingForm(forms.Form):
    PASSWORD = "password"
    EMAIL = "email"

    username = forms.CharField(max_length=150)
    email = forms.EmailField()
    name = forms.CharField(label="Display name", max_length=100)
    byline_title = forms.CharField(max_length=60, initial="Contributor")
    delivery = forms.ChoiceField(
        label="First login",
        choices=[
            (PASSWORD, "Show a one-time password"),
            (EMAIL, "Email a link to set a password"),
        ],
        initial=PASSWORD,
        widget=forms.RadioSelect,
    )

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            errors = onboarding_errors(
                username=cleaned["username"],
                email=cleaned["email"],
                name=cleaned["name"],
            )
            for field, messages in errors.items():
                for message in messages:
                    self.add_error(field, message)
        return cleaned

    def save(self, *, request=None):
        data = self.cleaned_data
        return contributor_onboard(
            username=data["username"],
            email=data["email"],
            name=data["name"],
            byline_title=data["byline_title"],
            send_email=data["delivery"] == self.EMAIL,
            request=request,
        )
