"""Export the tracker to one JSON document and restore it into an empty database.

Rows keep their primary keys, so links between them survive unchanged. Users travel by
username only: matched on import, created inactive (with no usable password) when missing.
Password hashes and permissions never leave the database.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from . import visibility
from .models import (
    Appearance,
    Byline,
    Claim,
    Correction,
    CorrectionRequest,
    Evidence,
    LanguageVersion,
    Page,
    Rating,
    ReviewEvent,
    Revision,
    Source,
    Speaker,
    Topic,
)

FORMAT = "factcheck-checks"
VERSION = 1
# In dependency order: each model refers only to models before it (and to users).
# Revisions travel exactly as stored, so the chain's hashes still verify after an import.
MODELS = [
    Rating, Topic, Speaker, Source, Page, Byline, Claim, LanguageVersion, Evidence, ReviewEvent,
    Correction, Appearance, CorrectionRequest, Revision,
]  # fmt: skip
# References to what monitoring found, which an export leaves out (the appearance stays).
LEFT_OUT = {"sentence"}
# What migrations may seed into a new database; the export's rows replace them.
SEEDED = [Rating, Page]
USER_FIELDS = ["username", "first_name", "last_name", "email", "is_staff"]


class TransferError(Exception):
    """The file cannot be imported; the message says why. Nothing was changed."""


class ExactJSONEncoder(DjangoJSONEncoder):
    """Keeps microseconds (DjangoJSONEncoder rounds times to milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _user_fields(model):
    User = get_user_model()
    return [f for f in model._meta.concrete_fields if f.is_relation and f.related_model is User]


def export_data():
    """Everything the tracker holds, as a JSON-serialisable dict."""
    User = get_user_model()
    usernames = dict(User.objects.values_list("pk", "username"))
    objects, referenced = [], set()
    for model in MODELS:
        rows = serializers.serialize("python", model.objects.order_by("pk"))
        user_fields = [f.name for f in _user_fields(model)]
        for row in rows:
            for name in LEFT_OUT & row["fields"].keys():
                row["fields"][name] = None
            for name in user_fields:
                if row["fields"][name] is not None:
                    row["fields"][name] = usernames[row["fields"][name]]
                    referenced.add(row["fields"][name])
        objects += rows
    users = [
        {
            **{name: getattr(user, name) for name in USER_FIELDS},
            "groups": sorted(user.groups.values_list("name", flat=True)),
        }
        for user in User.objects.filter(username__in=referenced).order_by("username")
    ]
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now(),
        "users": users,
        "objects": objects,
    }


def _refuse_unless_empty():
    held = [
        f"{model.objects.count()} {model._meta.verbose_name_plural}"
        for model in MODELS
        if model not in SEEDED and model.objects.exists()
    ]
    if held:
        raise TransferError(
            f"The database already holds {', '.join(held)}. Checks are imported into an empty "
            "database only, so nothing is merged or overwritten; nothing was imported."
        )


def _match_or_create_users(users):
    """{username: user}; missing users are created inactive, without a usable password."""
    User = get_user_model()
    matched = {}
    for entry in users:
        user = User.objects.filter(username=entry["username"]).first()
        if user is None:
            user = User(**{name: entry[name] for name in USER_FIELDS}, is_active=False)
            user.set_unusable_password()
            user.save()
            user.groups.set(Group.objects.filter(name__in=entry["groups"]))
        matched[user.username] = user
    return matched


def import_data(data):
    """Restore an export into an empty database; returns {model label: rows imported}."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise TransferError("This file is not a factcheck export (its format is not recognised).")
    if data.get("version") != VERSION:
        raise TransferError(
            f"This export is version {data.get('version')!r}; this tracker reads version {VERSION}."
        )
    try:
        with transaction.atomic():
            return _import(data["users"], data["objects"])
    except (KeyError, TypeError, ValueError, DeserializationError, IntegrityError) as error:
        raise TransferError(f"The export is damaged and was not imported ({error}).") from None


def _import(users, objects):
    _refuse_unless_empty()
    users = _match_or_create_users(users)
    labels = {model._meta.label_lower: model for model in MODELS}
    for row in objects:
        model = labels.get(row["model"])
        if model is None:
            raise TransferError(f"The export holds rows of an unknown kind: {row['model']!r}.")
        for field in _user_fields(model):
            username = row["fields"][field.name]
            if username is not None:
                if username not in users:
                    raise TransferError(f"The export names a user it does not list: {username!r}.")
                row["fields"][field.name] = users[username].pk
    for model in SEEDED:
        model.objects.all().delete()
    counts = dict.fromkeys(labels, 0)
    for item in serializers.deserialize("python", objects):
        # A file is input like any other: the same validation as the desk (no javascript:
        # links, valid colours and slugs), so a crafted export cannot plant what a form refuses.
        try:
            item.object.full_clean(validate_unique=False)
        except ValidationError as error:
            raise TransferError(
                f"{item.object._meta.verbose_name} {item.object.pk} is invalid: "
                + "; ".join(f"{field}: {' '.join(m)}" for field, m in error.message_dict.items())
            ) from None
        item.save()
        counts[item.object._meta.label_lower] += 1
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), MODELS):
            cursor.execute(sql)
    transaction.on_commit(visibility.bump)  # rows loaded raw send no change of their own
    return counts
