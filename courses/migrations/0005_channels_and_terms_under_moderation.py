"""Official channels and glossary terms go through the moderation workflow.

Existing rows stay live, each with a first revision (what was live when this ran).
The roles migration let Editors change them outside any review; now Editors save
drafts and submit them, and only Moderators and Administrators publish. The
workflow *Persetujuan moderator* is assigned to both models."""

from django.db import migrations
from django.utils import timezone
from modelcluster.models import get_serializable_data_for_fields

EDITOR = "Editor"
MODERATOR = "Moderator"
ADMINISTRATOR = "Administrator"
WORKFLOW_NAME = "Persetujuan moderator"
MODELS = {"officialchannel": "official channel", "glossaryterm": "glossary term"}
ACTIONS = {
    EDITOR: ("add", "change", "view"),
    MODERATOR: ("add", "change", "delete", "view", "publish", "lock", "unlock"),
    ADMINISTRATOR: ("add", "change", "delete", "view", "publish", "lock", "unlock"),
}


def object_str(model_name, row):
    if model_name == "officialchannel":
        return f"{row.name} ({row.address})"
    return row.term


def put_under_moderation(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Revision = apps.get_model("wagtailcore", "Revision")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    now = timezone.now()

    content_types = {}
    for model_name, verbose_name in MODELS.items():
        content_type, _created = ContentType.objects.get_or_create(
            app_label="courses", model=model_name
        )
        content_types[model_name] = content_type
        for action in ("add", "change", "delete", "view", "publish", "lock", "unlock"):
            Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model_name}",
                defaults={"name": f"Can {action} {verbose_name}"},
            )
        Model = apps.get_model("courses", model_name)
        for row in Model.objects.filter(latest_revision__isnull=True):
            revision = Revision.objects.create(
                content_type=content_type,
                base_content_type=content_type,
                object_id=str(row.pk),
                created_at=now,
                object_str=object_str(model_name, row),
                content=get_serializable_data_for_fields(row),
            )
            Model.objects.filter(pk=row.pk).update(
                live=True,
                has_unpublished_changes=False,
                latest_revision=revision,
                live_revision=revision,
                first_published_at=now,
                last_published_at=now,
            )

    for name, actions in ACTIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for model_name in MODELS:
            wanted = {f"{action}_{model_name}" for action in actions}
            current = group.permissions.filter(
                content_type=content_types[model_name]
            )
            group.permissions.remove(*current.exclude(codename__in=wanted))
            group.permissions.add(
                *Permission.objects.filter(
                    content_type=content_types[model_name], codename__in=wanted
                )
            )

    assignment = WorkflowPage.objects.filter(page__depth=1).first()
    workflow = (
        assignment.workflow
        if assignment is not None
        else Workflow.objects.filter(name=WORKFLOW_NAME).first()
    )
    if workflow is None:
        return
    for content_type in content_types.values():
        WorkflowContentType.objects.update_or_create(
            content_type=content_type, defaults={"workflow": workflow}
        )


def back_to_plain_rights(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    WorkflowContentType.objects.filter(
        content_type__app_label="courses", content_type__model__in=list(MODELS)
    ).delete()
    for group in Group.objects.filter(name__in=ACTIONS):
        group.permissions.remove(
            *group.permissions.filter(
                content_type__app_label="courses",
                codename__in=[
                    f"{action}_{model}"
                    for model in MODELS
                    for action in ("publish", "lock", "unlock")
                ],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0004_moderated_channels_and_terms"),
        ("courses", "0003_moderation"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.RunPython(put_under_moderation, back_to_plain_rights),
    ]
