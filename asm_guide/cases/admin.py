from django.contrib import admin

from .models import Membership, StrategyCase


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(StrategyCase)
class StrategyCaseAdmin(admin.ModelAdmin):
    list_display = ["country_name", "title", "status", "updated_at"]
    list_filter = ["status", "report_language"]
    search_fields = ["country_name", "title"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["case", "user", "role"]
    list_filter = ["role"]
