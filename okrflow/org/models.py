"""Organizations (tenants), their unit tree, their people and people's API tokens."""

import hashlib
import secrets

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from okrflow.tenancy import TenantModel, TenantQuerySet

code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$",
    _("Use 1-40 letters, digits, dots, dashes or underscores, starting with a letter or digit."),
)


class Organization(models.Model):
    """A tenant: one company. Nothing is ever shared between organizations."""

    slug = models.SlugField(_("short name"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    # The leadership variant of the seven steps starts here: shown above the company's annual
    # OKRs, in the publish digest and in the OKR book.
    mission = models.TextField(_("mission"), blank=True)
    vision = models.TextField(_("vision (3–5 years)"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def root_unit(self):
        return Unit.objects.for_org(self).filter(parent__isnull=True).first()


class Unit(TenantModel):
    """A node of the organization tree: the company root, departments, sub-departments, teams."""

    code = models.CharField(_("code"), max_length=40, validators=[code_validator])
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children",
        verbose_name=_("parent unit"),
    )
    head = models.ForeignKey(
        "org.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="headed_units",
        verbose_name=_("head"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    # Derived from `parent` by okrflow/org/tree.py: the ids from the root down to this unit.
    path = models.CharField(_("path in the tree"), max_length=1000, blank=True, default="",
                            editable=False, db_index=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["position", "code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "code"], name="unit_code_unique_in_org",
                violation_error_message=_("A unit with this code already exists."),
            ),
            models.UniqueConstraint(
                fields=["organization"], condition=models.Q(parent__isnull=True),
                name="one_root_unit_per_org",
                violation_error_message=_("The organization already has a root unit."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_root(self) -> bool:
        return self.parent_id is None


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    CHAMPION = "champion", _("OKR champion")
    HR = "hr", _("HR")
    MANAGER = "manager", _("Manager")
    MEMBER = "member", _("Member")


class PersonQuerySet(TenantQuerySet):
    pass


class PersonManager(BaseUserManager.from_queryset(PersonQuerySet)):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        # Logins are case-insensitive: emails are stored lower-cased.
        return self.get(email=normalize_email(username))

    def create_user(self, email, password=None, **fields):
        person = self.model(email=normalize_email(email), **fields)
        person.set_password(password)
        person.save(using=self._db)
        from okrflow.org import tree

        tree.attach_person(person)
        return person

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True, role=Role.ADMIN)
        return self.create_user(email, password, **fields)


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


class Person(TenantModel, AbstractBaseUser, PermissionsMixin):
    """Someone in an organization; also the login account (email, case-insensitive)."""

    # Stored lower-cased by the services, so a plain unique index makes logins case-insensitive;
    # the Lower() constraint below also guards rows written around the services.
    email = models.EmailField(_("email"), max_length=254, unique=True,
                              error_messages={"unique": _("Someone with this email already exists.")})
    name = models.CharField(_("name"), max_length=120)
    title = models.CharField(_("job title"), max_length=120, blank=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="members",
        verbose_name=_("unit"),
    )
    manager = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports",
        verbose_name=_("manager"),
    )
    # Derived from `manager` by okrflow/org/tree.py: the ids from the top of the chain down to
    # this person.
    manager_path = models.CharField(_("path in the manager chain"), max_length=1000, blank=True,
                                    default="", editable=False, db_index=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    is_backup_champion = models.BooleanField(
        _("backup OKR champion"), default=False,
        help_text=_("Stands in for the OKR champion (the guides recommend two or three)."),
    )
    language = models.CharField(
        _("language"), max_length=10, blank=True,
        choices=[("zh-hans", "简体中文"), ("en", "English")],
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("admin site access"), default=False,
        help_text=_("May open the Django admin, limited to their own organization."),
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = PersonManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name", "email", "id"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), name="person_email_unique_ci",
                violation_error_message=_("Someone with this email already exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.email

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name

    @property
    def is_system(self) -> bool:
        """A person is never the system actor (okrflow/actors.py)."""
        return False

    @property
    def is_org_admin(self) -> bool:
        return self.role == Role.ADMIN or self.is_superuser

    @property
    def runs_okr_process(self) -> bool:
        """Admins and the OKR champion (and backups) may change every OKR in the organization."""
        return self.is_org_admin or self.role == Role.CHAMPION or self.is_backup_champion


class ApiToken(TenantModel):
    """A bearer token for the REST API. Only a hash is stored; the token is shown once."""

    PREFIX = "okr_"

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("person")
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    hint = models.CharField(_("starts with"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "id"]

    def __str__(self) -> str:
        return f"{self.hint}… ({self.person})"

    @staticmethod
    def hash_key(key: str) -> str:
        # Tokens carry 256 random bits, so a fast unsalted hash is enough to protect them at rest.
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def new_key(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.person.is_active
