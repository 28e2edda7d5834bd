"""Nothing goes live unverified: Editors write lessons and submit them, Moderators
approve and publish. Wagtail's first migrations already give the renamed Editor and
Moderator groups similar rights; this makes them exact and names the workflow."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = "Editor"
MODERATOR = "Moderator"
WORKFLOW_NAME = "Persetujuan moderator"
TASK_NAME = "Persetujuan moderator"

PAGE_PERMISSIONS = {
    EDITOR: {"add_page", "change_page"},
    MODERATOR: {"add_page", "change_page", "publish_page", "lock_page", "unlock_page"},
}
SNIPPET_MODELS = ("officialchannel", "glossaryterm")
SNIPPET_ACTIONS = {
    EDITOR: ("add", "change", "view"),
    MODERATOR: ("add", "change", "delete", "view"),
}


def ensure_permissions_exist(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None


def set_up_moderation(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ensure_permissions_exist(apps)

    root = Page.objects.filter(depth=1).first()
    if root is None:
        return
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in PAGE_PERMISSIONS}

    for name, codenames in PAGE_PERMISSIONS.items():
        group = groups[name]
        GroupPagePermission.objects.filter(group=group, page=root).exclude(
            permission__codename__in=codenames
        ).delete()
        for codename in codenames:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            GroupPagePermission.objects.get_or_create(
                group=group, page=root, permission=permission
            )

    for name, actions in SNIPPET_ACTIONS.items():
        for model in SNIPPET_MODELS:
            for action in actions:
                groups[name].permissions.add(
                    Permission.objects.get(
                        content_type__app_label="courses", codename=f"{action}_{model}"
                    )
                )

    assignment = WorkflowPage.objects.filter(page=root).first()
    if assignment is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
        WorkflowPage.objects.create(workflow=workflow, page=root)
    else:
        workflow = assignment.workflow
        workflow.active = True
        workflow.name = WORKFLOW_NAME
        workflow.save()

    moderator = groups[MODERATOR]
    task_ids = WorkflowTask.objects.filter(workflow=workflow).values_list(
        "task_id", flat=True
    )
    has_moderator_task = GroupApprovalTask.objects.filter(
        pk__in=task_ids, groups=moderator, active=True
    ).exists()
    if not has_moderator_task:
        task = GroupApprovalTask.objects.create(
            name=TASK_NAME,
            active=True,
            content_type=ContentType.objects.get_or_create(
                app_label="wagtailcore", model="groupapprovaltask"
            )[0],
        )
        task.groups.set([moderator])
        WorkflowTask.objects.create(
            workflow=workflow, task=task, sort_order=len(task_ids)
        )
    else:
        GroupApprovalTask.objects.filter(pk__in=task_ids, groups=moderator).update(
            name=TASK_NAME
        )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0002_lessons"),
        ("literacy_site", "0002_roles"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(set_up_moderation, migrations.RunPython.noop)]
