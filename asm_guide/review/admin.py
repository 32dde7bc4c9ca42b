"""Read-only admin for the append-only review records: no adding, changing or deleting."""

from django.contrib import admin

from .models import AuditEntry, Comment, Revision, WorkflowEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["case", "username", "flow", "step", "version", "created_at"]
    list_filter = ["flow"]
    search_fields = ["username", "step"]


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ["case", "number", "label", "kind", "created_by", "created_at"]
    exclude = ["snapshot"]


@admin.register(WorkflowEvent)
class WorkflowEventAdmin(ReadOnlyAdmin):
    list_display = ["case", "transition", "actor", "created_at"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["case", "flow", "step", "author", "blocking", "created_at", "resolved_at"]
    list_filter = ["blocking"]
    raw_id_fields = ["parent", "author", "assignee", "resolved_by"]
