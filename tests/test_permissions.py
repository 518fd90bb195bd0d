"""Permissions are enforced on the server, for every admin view, every transition and every actor.

Actors: anonymous, researcher, editor, superuser and an inactive (former) editor. The tables
below are the rules as a newsroom states them; each test requests the real URL and checks
what happened to the data, not what the page offered.
"""

import contextlib

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from claims import workflow
from claims.models import (
    Appearance,
    ArchivedCopy,
    Byline,
    ChecklistItem,
    Claim,
    CorrectionRequest,
    FailedTask,
    InboxSentence,
    Rating,
    RecurringClaim,
    Subscription,
    WatchedSource,
    WebhookDelivery,
)
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    CorrectionRequestFactory,
    EvidenceFactory,
    InboxSentenceFactory,
    PageFactory,
    SourceFactory,
    SpeakerFactory,
    TopicFactory,
    UserFactory,
    WatchedSourceFactory,
    rating,
)
from tests.forms import form_data

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "researcher", "editor", "superuser", "inactive"]
LOGGED_OUT = {"anonymous", "inactive"}  # an inactive user's session counts for nothing


@pytest.fixture
def actors(researcher, editor, superuser, inactive_editor):
    return {
        "anonymous": None,
        "researcher": researcher,
        "editor": editor,
        "superuser": superuser,
        "inactive": inactive_editor,
    }


def change_url(claim):
    return reverse("admin:claims_claim_change", args=[claim.pk])


def client_as(client, user):
    if user is not None:
        client.force_login(user)
    return client


# -- every admin view of every registered model ------------------------------------------

# What each role may do per model: v(iew), a(dd), c(hange), d(elete). Anonymous and
# inactive users may do nothing. Every model in the admin must have a row.
ALL = "vacd"
LOGIN_RECORDS = "vcd"  # axes writes its records itself; nobody adds them by hand
ADMIN_RIGHTS = {
    "claims.claim": {"researcher": "vac", "editor": ALL, "superuser": ALL},
    "claims.source": {"researcher": "vac", "editor": ALL, "superuser": ALL},
    "claims.speaker": {"researcher": "vac", "editor": ALL, "superuser": ALL},
    "claims.topic": {"researcher": "va", "editor": ALL, "superuser": ALL},
    "claims.rating": {"researcher": "v", "editor": "vac", "superuser": ALL},
    "claims.page": {"researcher": "v", "editor": ALL, "superuser": ALL},
    # Evidence is added on its claim's page; here it is changed under the claim's rule.
    "claims.evidence": {"researcher": "vcd", "editor": "vcd", "superuser": "vcd"},
    "claims.byline": {"researcher": "v", "editor": ALL, "superuser": ALL},
    # Monitoring: the monitor adds items and appearances; people decide on them.
    "claims.watchedsource": {"researcher": "v", "editor": ALL, "superuser": ALL},
    "claims.inboxsentence": {"researcher": "vc", "editor": "vc", "superuser": "vcd"},
    "claims.appearance": {"researcher": "v", "editor": "vc", "superuser": "vcd"},
    "claims.recurringclaim": {"researcher": "v", "editor": "v", "superuser": "v"},
    "claims.correctionrequest": {"researcher": "v", "editor": ALL, "superuser": ALL},
    "claims.subscription": {"superuser": ALL},  # readers' addresses
    # Made by the archiving task: staff look and download, nobody edits.
    "claims.archivedcopy": {"researcher": "v", "editor": "v", "superuser": "v"},
    "auth.user": {"superuser": ALL},
    "auth.group": {"superuser": ALL},
    "axes.accessattempt": {"superuser": LOGIN_RECORDS},
    "axes.accesslog": {"superuser": LOGIN_RECORDS},
    "axes.accessfailurelog": {"superuser": LOGIN_RECORDS},
    # Background tasks: what failed for good, and (superusers) the database queue itself.
    "claims.failedtask": {"editor": "v", "superuser": "vd"},
    "claims.webhookdelivery": {"editor": "v", "superuser": "vd"},
    "claims.checklistitem": {"researcher": "v", "editor": ALL, "superuser": ALL},
    "django_tasks_database.dbtaskresult": {"superuser": "v"},
}


def test_every_admin_model_has_a_row_in_the_rights_table():
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered == set(ADMIN_RIGHTS)


def an_instance(label, actors):
    """A saved row of the model for the object views (a claim: a draft nobody is assigned to)."""
    login_record = {"username": "editor", "ip_address": "192.0.2.1", "path_info": "/admin/login/"}
    return {
        "claims.claim": ClaimFactory,
        "claims.source": SourceFactory,
        "claims.speaker": SpeakerFactory,
        "claims.topic": TopicFactory,
        "claims.rating": lambda: rating("false"),
        "claims.page": PageFactory,
        "claims.evidence": EvidenceFactory,
        "claims.byline": lambda: Byline.objects.create(user=actors["editor"], display_name="Ed"),
        "claims.watchedsource": WatchedSourceFactory,
        "claims.inboxsentence": InboxSentenceFactory,
        "claims.appearance": AppearanceFactory,
        "claims.recurringclaim": lambda: (
            AppearanceFactory(status="confirmed", said_on=timezone.localdate()).claim
        ),
        "claims.correctionrequest": CorrectionRequestFactory,
        "claims.subscription": lambda: Subscription.objects.create(email="reader@example.org"),
        "claims.archivedcopy": lambda: ArchivedCopy.objects.create(evidence=EvidenceFactory()),
        "auth.user": lambda: actors["editor"],
        "auth.group": lambda: actors["editor"].groups.get(),
        "axes.accessattempt": lambda: AccessAttempt.objects.create(
            **login_record, failures_since_start=1
        ),
        "axes.accesslog": lambda: AccessLog.objects.create(**login_record),
        "axes.accessfailurelog": lambda: AccessFailureLog.objects.create(**login_record),
        "claims.failedtask": lambda: FailedTask.objects.create(
            task="send_event", attempts=5, error="SMTP server down"
        ),
        "claims.checklistitem": lambda: ChecklistItem.objects.create(text="Claimant asked"),
        "claims.webhookdelivery": lambda: WebhookDelivery.objects.create(
            url="https://hooks.example.org/in",
            event="check.published",
            event_id="event-1",
            claim=ClaimFactory(published=True),
            body="{}",
        ),
        "django_tasks_database.dbtaskresult": lambda: DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {}},
            task_path="claims.tasks.check_links",
            backend_name="default",
            run_after=timezone.now(),
        ),
    }[label]()


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("label", sorted(ADMIN_RIGHTS))
def test_admin_views_answer_by_role(client, actors, actor, label, settings):
    if label.startswith("django_tasks_database."):
        # The queue's own list reads its tasks through the database backend.
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    obj = an_instance(label, actors)
    prefix = "admin:" + label.replace(".", "_")
    may = ADMIN_RIGHTS[label].get(actor, "")
    views = {
        "changelist": (reverse(f"{prefix}_changelist"), "v"),
        "add": (reverse(f"{prefix}_add"), "a"),
        "change": (reverse(f"{prefix}_change", args=[obj.pk]), "v"),
        "history": (reverse(f"{prefix}_history", args=[obj.pk]), "v"),
        "delete": (reverse(f"{prefix}_delete", args=[obj.pk]), "d"),
    }
    client_as(client, actors[actor])
    for view, (url, needs) in views.items():
        response = client.get(url)
        if actor in LOGGED_OUT:
            assert response.status_code == 302, view
            assert response["Location"].startswith(reverse("admin:login")), view
        else:
            assert response.status_code == (200 if needs in may else 403), view
        if view == "change" and response.status_code == 200:
            assert response.context["has_change_permission"] == ("c" in may)


# -- saving each record the desk edits -----------------------------------------------------

# model: (field edited, the rights of each role on a record that no public check shows yet,
# and on one that a published check shows). What readers see on a published check changes only
# by an editor: researchers still add speakers and sources and edit those no check shows yet;
# evidence of a published check changes for nobody here (only through a correction).
ANYONE = {"researcher": True, "editor": True, "superuser": True}
EDITORS = {"researcher": False, "editor": True, "superuser": True}
NOBODY = {"researcher": False, "editor": False, "superuser": False}
SAVE_RIGHTS = {
    "claims.speaker": ("name", ANYONE, EDITORS),
    "claims.source": ("title", ANYONE, EDITORS),
    "claims.topic": ("name", EDITORS, EDITORS),
    "claims.evidence": ("title", ANYONE, NOBODY),
    "claims.byline": ("display_name", EDITORS, EDITORS),
    "claims.page": ("title_en", EDITORS, EDITORS),
    "claims.rating": ("name_en", EDITORS, EDITORS),
}


def a_record(label, shown):
    """A record of the model, shown by a published check or (``shown`` False) by none."""
    check = ClaimFactory(published=True) if shown else ClaimFactory()
    if label == "claims.speaker":
        return check.speaker
    if label == "claims.source":
        check.source = SourceFactory()
        check.save()
        return check.source
    if label == "claims.topic":
        topic = TopicFactory()
        check.topics.add(topic)
        return topic
    if label == "claims.evidence":
        return EvidenceFactory(claim=check)
    if label == "claims.byline":
        user = check.reviewer if shown else UserFactory()
        return Byline.objects.create(user=user, display_name="Ed Itor", name_is_public=True)
    if label == "claims.page":
        return PageFactory()
    if shown:  # a rating
        return check.rating
    return Rating.objects.create(name="Pants on fire", slug="pants-on-fire", description="Worse.")


def save_cases():
    for label, (field, unused, shown) in sorted(SAVE_RIGHTS.items()):
        for situation, rights in [("unused", unused), ("shown", shown)]:
            for actor in ACTORS:
                may = rights.get(actor, False)
                yield pytest.param(
                    label, field, situation, actor, may, id=f"{label}-{situation}-{actor}"
                )


# Claims have their own tables below; the queue, checklists and the monitoring desk are read,
# decided or configured there, with their own tests (test_monitoring_inbox.py, test_queue.py,
# test_checklists.py).
NOT_EDITED_HERE = {
    Claim, FailedTask, WebhookDelivery, ChecklistItem, Subscription, CorrectionRequest,
    WatchedSource, RecurringClaim, Appearance, InboxSentence, ArchivedCopy,
}  # fmt: skip


def test_every_model_the_desk_edits_has_a_row_in_the_save_table():
    edited = {
        model._meta.label_lower
        for model in admin.site._registry
        if model._meta.app_label == "claims" and model not in NOT_EDITED_HERE
    }
    assert edited == set(SAVE_RIGHTS)


@pytest.mark.parametrize(("label", "field", "situation", "actor", "may"), list(save_cases()))
def test_saving_a_record_follows_the_role_and_what_readers_see(
    client, actors, label, field, situation, actor, may
):
    record = a_record(label, shown=situation == "shown")
    url = reverse(f"admin:{label.replace('.', '_')}_change", args=[record.pk])
    # The form as a superuser sees it, edited and sent as the actor.
    client.force_login(actors["superuser"])
    data = form_data(client.get(url).text, f"{record._meta.model_name}_form")
    client.logout()
    data[field] = "Edited by the test"

    response = client_as(client, actors[actor]).post(url, data)

    record.refresh_from_db()
    assert (getattr(record, field) == "Edited by the test") is may
    if actor in LOGGED_OUT:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    elif may:
        assert response.status_code == 302
    else:  # refused outright, or (a published check's evidence) the field is read-only
        assert response.status_code in (302, 403)


@pytest.mark.parametrize(
    ("label", "field", "old", "new"),
    [
        ("claims.speaker", "role", "Minister of Energy", "Former minister of energy"),
        ("claims.source", "title", "Speech at the forum", "Interview at the forum"),
    ],
)
def test_an_editors_change_to_what_checks_show_is_in_their_history(
    client, editor, label, field, old, new, django_capture_on_commit_callbacks
):
    check = a_record(label, shown=True).claims.get()
    record = getattr(check, label.split(".")[1])
    type(record).objects.filter(pk=record.pk).update(**{field: old})
    draft = ClaimFactory(**{label.split(".")[1]: record})
    url = reverse(f"admin:{label.replace('.', '_')}_change", args=[record.pk])
    client.force_login(editor)
    data = form_data(client.get(url).text, f"{record._meta.model_name}_form")

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {**data, field: new}).status_code == 302

    history = client.get(reverse("admin:claims_claim_change", args=[check.pk])).text
    assert f"“{old}” → “{new}”" in history
    event = check.events.get(comment__contains="was edited")
    assert (event.actor, event.from_status, event.to_status) == (editor, "published", "published")
    assert not draft.events.exists()  # a draft's history is its own work, not readers' view


# The desk's own pages beyond the standard views: who may open them.
DESK_PAGES = {
    "admin:claims_claim_import": {"researcher", "editor", "superuser"},
    "admin:claims_claim_correct": {"editor", "superuser"},
    "admin:claims_claim_impact": {"researcher", "editor", "superuser"},
    "admin:claims_claim_version": {"researcher", "editor", "superuser"},
}
# The arguments of each page's address, given a published check.
DESK_PAGE_ARGS = {"admin:claims_claim_correct": [], "admin:claims_claim_version": ["ru"]}


def test_every_desk_page_has_a_row_in_the_table():
    custom = {
        f"admin:{pattern.name}"
        for pattern in admin.site._registry[Claim].get_urls()
        if pattern.name
        and not pattern.name.endswith(
            ("_changelist", "_add", "_change", "_delete", "_history", "_autocomplete")
        )
    }
    post_only = {  # tested with their features
        "admin:claims_claim_transition", "admin:claims_claim_tick", "admin:claims_claim_comment",
        "admin:claims_claim_attach_tip", "admin:claims_claim_reverify",
    }  # fmt: skip
    assert custom == set(DESK_PAGES) | post_only


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("name", sorted(DESK_PAGES))
def test_desk_pages_open_by_role(client, actors, name, actor):
    claim = ClaimFactory(published=True)
    args = [claim.pk, *DESK_PAGE_ARGS[name]] if name in DESK_PAGE_ARGS else []
    url = reverse(name, args=args)
    response = client_as(client, actors[actor]).get(url)
    if actor in LOGGED_OUT:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    else:
        assert response.status_code == (200 if actor in DESK_PAGES[name] else 403)


# -- the object rule: who may edit which claim -------------------------------------------

# (situation, researcher, editor, superuser): may that actor save the claim's fields?
# The researcher may edit drafts and claims under research assigned to them or to nobody;
# editors and superusers any claim before publication; nobody a published or retracted one.
EDIT_RULES = [
    ("unassigned draft", True, True, True),
    ("own draft", True, True, True),
    ("own claim under research", True, True, True),
    ("someone else's draft", False, True, True),
    ("someone else's claim under research", False, True, True),
    ("own claim in review", False, True, True),
    ("not checkable", False, True, True),
    ("published", False, False, False),
    ("retracted", False, False, False),
]


def claim_in(situation, researcher):
    other = UserFactory(role="Researcher")
    return {
        "unassigned draft": lambda: ClaimFactory(),
        "own draft": lambda: ClaimFactory(researcher=researcher),
        "own claim under research": lambda: ClaimFactory(
            status="researching", researcher=researcher
        ),
        "someone else's draft": lambda: ClaimFactory(researcher=other),
        "someone else's claim under research": lambda: ClaimFactory(
            status="researching", researcher=other
        ),
        "own claim in review": lambda: ClaimFactory(status="in_review", researcher=researcher),
        "not checkable": lambda: ClaimFactory(status="not_checkable"),
        "published": lambda: ClaimFactory(published=True, researcher=researcher),
        "retracted": lambda: ClaimFactory(published=True, status="retracted"),
    }[situation]()


def edit_cases():
    return list(_edit_cases())


def _edit_cases():
    for situation, *allowed in EDIT_RULES:
        yield from (
            pytest.param(situation, actor, may, id=f"{actor}-{situation}")
            for actor, may in zip(["researcher", "editor", "superuser"], allowed, strict=True)
        )
        yield from (
            pytest.param(situation, actor, False, id=f"{actor}-{situation}")
            for actor in sorted(LOGGED_OUT)
        )


@pytest.mark.parametrize(("situation", "actor", "may"), edit_cases())
def test_saving_a_claim_follows_the_object_rule(client, actors, situation, actor, may):
    claim = claim_in(situation, actors["researcher"])
    # The form as an editor would see it; for locked claims any form is refused.
    data = {"text": claim.text, "speaker": claim.speaker_id, "seen_version": claim.version}
    if not claim.is_locked_for_editing:
        client.force_login(actors["superuser"])
        data = form_data(client.get(change_url(claim)).text, "claim_form")
        client.logout()
    client_as(client, actors[actor])

    response = client.post(change_url(claim), {**data, "text": "Edited by the test."})

    claim.refresh_from_db()
    assert (claim.text == "Edited by the test.") is may
    if may or actor in LOGGED_OUT:
        assert response.status_code == 302
    else:  # a check published meanwhile is explained (tests/test_admin.py), others refused
        assert response.status_code == (409 if claim.is_locked_for_editing else 403)
    assert workflow.can_edit(actors[actor] or AnonymousUser(), claim) is (
        may and not claim.is_locked_for_editing
    )


def delete_one(client, claim):
    client.post(reverse("admin:claims_claim_delete", args=[claim.pk]), {"post": "yes"})


def delete_selected(client, claim):
    client.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "delete_selected", "_selected_action": [claim.pk], "post": "yes"},
    )


@pytest.mark.parametrize("channel", [delete_one, delete_selected])
@pytest.mark.parametrize(("situation", "actor", "may"), edit_cases())
def test_deleting_a_claim_is_for_editors_before_publication(
    client, actors, situation, actor, may, channel
):
    claim = claim_in(situation, actors["researcher"])
    channel(client_as(client, actors[actor]), claim)
    deleted = not Claim.objects.filter(pk=claim.pk).exists()
    assert deleted is (may and actor != "researcher")


# -- every transition, through every channel ---------------------------------------------

# transition: the actors who may make it (on a claim the researcher fixture researched).
TRANSITION_RULES = {
    "start_research": {"researcher", "editor", "superuser"},
    "submit": {"researcher", "editor", "superuser"},
    "send_back": {"editor", "superuser"},
    "publish": {"editor", "superuser"},
    "mark_not_checkable": {"editor", "superuser"},
    "reopen": {"editor", "superuser"},
    "retract": {"editor", "superuser"},
}


def test_every_transition_has_a_row_in_the_rules_table():
    assert set(TRANSITION_RULES) == set(workflow.TRANSITIONS)


def claim_ready_for(name, researcher):
    if name in ("send_back", "publish"):
        claim = ClaimFactory(
            status="in_review",
            researcher=researcher,
            rating=rating("false"),
            ruling="The records say otherwise.",
        )
        EvidenceFactory(claim=claim)
        return claim
    return {
        "start_research": lambda: ClaimFactory(),
        "submit": lambda: ClaimFactory(status="researching", researcher=researcher),
        "mark_not_checkable": lambda: ClaimFactory(),
        "reopen": lambda: ClaimFactory(status="not_checkable"),
        "retract": lambda: ClaimFactory(published=True),
    }[name]()


def by_button(client, user, claim, name):
    client_as(client, user).post(
        reverse("admin:claims_claim_transition", args=[claim.pk]),
        {"transition": name, "version": claim.version, "comment": "Because."},
    )


def by_bulk_action(client, user, claim, name):
    client_as(client, user).post(
        reverse("admin:claims_claim_changelist"),
        {
            "action": f"bulk_{name}",
            "_selected_action": [claim.pk],
            f"version-{claim.pk}": claim.version,
            "confirmed": "yes",
            "comment": "Because.",
        },
    )


def by_workflow(client, user, claim, name):
    """What a management command or the shell does."""
    with contextlib.suppress(workflow.WorkflowError):
        workflow.transition(claim, name, user or AnonymousUser(), comment="Because.")


@pytest.mark.parametrize("channel", [by_button, by_bulk_action, by_workflow])
@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("name", sorted(TRANSITION_RULES))
def test_transitions_are_made_only_by_the_roles_allowed(client, actors, name, actor, channel):
    claim = claim_ready_for(name, actors["researcher"])
    before, events = claim.status, claim.events.count()
    channel(client, actors[actor], claim, name)
    claim.refresh_from_db()
    allowed = actor in TRANSITION_RULES[name]
    assert claim.status == (workflow.TRANSITIONS[name].target if allowed else before)
    assert claim.events.count() == events + allowed


@pytest.mark.parametrize("channel", [by_button, by_bulk_action, by_workflow])
def test_a_researcher_cannot_submit_a_claim_assigned_to_someone_else(
    client, actors, other_researcher, channel
):
    claim = ClaimFactory(status="researching", researcher=other_researcher)
    channel(client, actors["researcher"], claim, "submit")
    claim.refresh_from_db()
    assert claim.status == "researching"


@pytest.mark.parametrize("actor", ACTORS)
def test_corrections_are_made_only_by_editors_and_superusers(client, actors, actor):
    claim = ClaimFactory(published=True)
    client_as(client, actors[actor])
    response = client.post(
        reverse("admin:claims_claim_correct", args=[claim.pk]),
        {"kind": "correction", "note": "Wrong year.", "rating": rating("true").pk,
         "version": claim.version},
    )  # fmt: skip
    claim.refresh_from_db()
    allowed = actor in ("editor", "superuser")
    assert (claim.rating.slug == "true") is allowed
    assert claim.corrections.exists() is allowed
    if not allowed:
        assert response.status_code in (302, 403)


@pytest.mark.parametrize("actor", ACTORS)
def test_checks_are_marked_re_verified_only_by_editors_and_superusers(client, actors, actor):
    claim = ClaimFactory(published=True)
    client_as(client, actors[actor]).post(
        reverse("admin:claims_claim_reverify", args=[claim.pk]), {"version": claim.version}
    )
    allowed = actor in ("editor", "superuser")
    assert claim.revisions.filter(kind="reverification").exists() is allowed
