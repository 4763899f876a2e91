"""Saving an investment project (with its enterprise, team and milestones) and a joint item."""

from django.db import transaction


@transaction.atomic
def save_project(project, *, team, milestones, removed_milestones):
    """A project and its milestones, in one transaction; an enterprise named by its credit code for
    the first time is saved with it."""
    if project.enterprise.pk is None:
        project.enterprise.full_clean()
        project.enterprise.save()
        project.enterprise = project.enterprise  # sets enterprise_id, which full_clean checks
    project.full_clean()
    project.save()
    project.team.set(team)
    for milestone in removed_milestones:
        milestone.delete()
    for milestone in milestones:
        milestone.project = project
        milestone.full_clean()
        milestone.save()
    return project


@transaction.atomic
def save_joint_item(item):
    item.full_clean()
    item.save()
    return item
