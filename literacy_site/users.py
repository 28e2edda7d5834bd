"""The office's user screen: name, sign-in, role and desa on one page."""

from django import forms
from django.contrib.auth.models import Group
from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.users.forms import UserForm
from wagtail.users.views import users as wagtail_users

from literacy_site.models import SignInPhone
from literacy_site.roles import (
    ALL_ROLES,
    ROLE_DESCRIPTIONS,
    ROLE_LABELS,
    ROLES_NEEDING_EMAIL,
    VILLAGE_STAFF,
)
from literacy_site.signin import sign_in_phone_set
from workshops import services
from workshops.fields import PhoneNumberFormField
from workshops.forms import desa_choices
from workshops.models import Desa, StaffPlace


class RoleField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, group):
        label = ROLE_LABELS.get(group.name, group.name)
        description = ROLE_DESCRIPTIONS.get(group.name)
        if description is None:
            return label
        return format_html("<strong>{}</strong> – {}", label, description)


def roles_in_order():
    known_first = Case(
        *(When(name=name, then=Value(i)) for i, name in enumerate(ALL_ROLES)),
        default=Value(len(ALL_ROLES)),
        output_field=IntegerField(),
    )
    return Group.objects.order_by(known_first, "name")


class OfficeUserForm(UserForm):
    """One form for every account; e-mail and last name only where they are needed."""

    first_name = forms.CharField(
        label=_("Name"),
        max_length=150,
        help_text=_("As the person is known; one word is enough."),
    )
    last_name = forms.CharField(
        label=_("Last name (optional)"), max_length=150, required=False
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_(
            "Needed for editors, moderators and administrators: the site e-mails "
            "them lessons to review. Facilitators and village staff may leave it "
            "empty."
        ),
    )
    phone = PhoneNumberFormField(
        label=_("Phone number (optional)"),
        max_length=30,
        required=False,
        help_text=_(
            "The person may sign in with this number instead of the username. "
            "One account per number."
        ),
    )
    groups = RoleField(
        queryset=Group.objects.none(),
        label=_("Role"),
        help_text=_("Choose what the person does. Several roles may be chosen."),
    )
    desa = forms.TypedMultipleChoiceField(
        label=_("Desa served (village staff only)"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Village staff see the workshops held in these desa."),
    )
    is_superuser = forms.BooleanField(
        label=_("Full access to everything (superuser)"),
        required=False,
        help_text=_(
            "Only for the person who looks after the site itself. Office "
            "administrators need the Administrator role, not this."
        ),
    )

    field_order = [
        "first_name",
        "last_name",
        "username",
        "email",
        "phone",
        "groups",
        "desa",
        "password1",
        "password2",
        "is_active",
        "is_superuser",
    ]

    def __init__(self, *args, for_user=None, editing_self=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = roles_in_order()
        # Grouped by kecamatan, without the single select's "choose" line.
        self.fields["desa"].choices = desa_choices()[1:]
        if self.instance.pk:
            self.initial.setdefault(
                "desa",
                list(self.instance.staff_places.values_list("desa_id", flat=True)),
            )
            self.initial.setdefault(
                "phone",
                SignInPhone.objects.filter(user=self.instance)
                .values_list("phone", flat=True)
                .first(),
            )
        if editing_self or for_user is None or not for_user.is_superuser:
            self.fields.pop("is_superuser", None)
        if editing_self:
            self.fields.pop("is_active", None)

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        taken = SignInPhone.objects.filter(phone=phone).exclude(
            user_id=self.instance.pk
        )
        if phone and taken.exists():
            raise forms.ValidationError(
                _("Another account signs in with this phone number already.")
            )
        return phone

    def clean_desa(self):
        return list(Desa.objects.filter(pk__in=self.cleaned_data["desa"]))

    def clean(self):
        cleaned_data = super().clean()
        roles = {group.name for group in cleaned_data.get("groups") or ()}
        if roles & set(ROLES_NEEDING_EMAIL) and not cleaned_data.get("email"):
            self.add_error(
                "email",
                _(
                    "Editors, moderators and administrators need an e-mail "
                    "address: the site sends them lessons to review."
                ),
            )
        desa = cleaned_data.get("desa") or []
        if VILLAGE_STAFF in roles and not desa:
            self.add_error(
                "desa", _("Choose the desa this village staff member serves.")
            )
        if desa and VILLAGE_STAFF not in roles:
            self.add_error(
                "desa",
                _(
                    "Desa are only for village staff: tick the Village staff role, "
                    "or clear the desa."
                ),
            )
        return cleaned_data


class OfficeUserCreationForm(OfficeUserForm):
    class Meta:
        model = wagtail_users.User
        fields = [
            "username",
            "first_name",
            "last_name",
            "email",
            "is_superuser",
            "groups",
        ]


class OfficeUserEditForm(OfficeUserForm):
    password_required = False

    class Meta:
        model = wagtail_users.User
        fields = [
            "username",
            "first_name",
            "last_name",
            "email",
            "is_active",
            "is_superuser",
            "groups",
        ]


class SavesDesaMixin:
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}

    def save_instance(self):
        user = super().save_instance()
        services.staff_desa_set(user=user, desa=self.form.cleaned_data["desa"])
        sign_in_phone_set(user=user, phone=self.form.cleaned_data["phone"])
        return user


class CreateView(SavesDesaMixin, wagtail_users.CreateView):
    """Wagtail's create view, saving the staffer's desa with the account."""


class EditView(SavesDesaMixin, wagtail_users.EditView):
    """Wagtail's edit view, saving the staffer's desa with the account."""


class RoleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, group):
        return ROLE_LABELS.get(group.name, group.name)


class RoleFilter(wagtail_users.GroupFilter):
    field_class = RoleChoiceField


class UserFilterSet(wagtail_users.UserFilterSet):
    """Wagtail's filters with one "Role" filter by group, in place of its
    superuser "Administrator" beside the Administrator group."""

    def __init__(self, *args, is_searching=False, **kwargs):
        super().__init__(*args, is_searching=is_searching, **kwargs)
        self.filters.pop("is_superuser", None)
        self.filters["group"] = RoleFilter(
            field_name="groups",
            queryset=roles_in_order(),
            label=_("Role"),
            use_subquery=is_searching,
            widget=forms.CheckboxSelectMultiple,
        )


class IndexView(wagtail_users.IndexView):
    def get_base_queryset(self):
        return (
            super()
            .get_base_queryset()
            .prefetch_related(
                "groups",
                Prefetch(
                    "staff_places",
                    queryset=StaffPlace.objects.select_related("desa").order_by(
                        "desa__name"
                    ),
                ),
            )
        )

    @cached_property
    def columns(self):
        wagtail_columns = {column.name: column for column in super().columns}
        return [
            wagtail_columns["bulk_actions"],
            wagtail_columns["name"],
            wagtail_columns[self.model.USERNAME_FIELD],
            Column("roles", accessor=roles_of, label=_("Role")),
            Column("desa", accessor=desa_of, label=_("Desa")),
            Column(
                "is_active",
                accessor=lambda user: _("Active") if user.is_active else _("Inactive"),
                label=_("Active"),
                sort_key="is_active",
                width="10%",
            ),
            DateColumn(
                "last_login",
                label=_("Last login"),
                sort_key="last_login",
                width="15%",
            ),
        ]


def roles_of(user):
    names = [ROLE_LABELS.get(group.name, group.name) for group in user.groups.all()]
    if user.is_superuser:
        names.append(_("Full access"))
    return ", ".join(str(name) for name in names)


def desa_of(user):
    return ", ".join(place.desa.name for place in user.staff_places.all())


class UserViewSet(wagtail_users.UserViewSet):
    filterset_class = UserFilterSet
    index_view_class = IndexView
    add_view_class = CreateView
    edit_view_class = EditView
    create_template_name = "wagtailadmin/generic/form.html"
    edit_template_name = "wagtailadmin/generic/edit.html"

    def get_form_class(self, for_update=False):
        return OfficeUserEditForm if for_update else OfficeUserCreationForm
