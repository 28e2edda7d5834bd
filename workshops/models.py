from django.db import models
from django.utils.translation import gettext_lazy as _


class Kecamatan(models.Model):
    """A district of the regency, identified by its official area code."""

    code = models.CharField(_("area code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")

    def __str__(self):
        return self.name


class Desa(models.Model):
    """A village, inside one kecamatan, identified by its official area code."""

    code = models.CharField(_("area code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kecamatan = models.ForeignKey(
        Kecamatan,
        verbose_name=_("kecamatan"),
        on_delete=models.PROTECT,
        related_name="desa",
    )

    class Meta:
        ordering = ["kecamatan__name", "name"]
        verbose_name = _("desa")
        verbose_name_plural = _("desa")

    def __str__(self):
        return f"{self.name}, {self.kecamatan.name}"
