"""Sellers, and the partner campaigns they register for."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from accounts.models import Market, User


class Seller(models.Model):
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="seller")
    shop_name = models.CharField(max_length=120)
    market = models.CharField(max_length=2, choices=Market.choices)
    shop_rating = models.DecimalField(
        max_digits=2,
        decimal_places=1,
        default=Decimal("4.5"),
        validators=[MinValueValidator(0), MaxValueValidator(5)],
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.shop_name
