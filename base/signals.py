from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from base.models import PROFILE_CACHE_KEY, BusinessProfile, OpeningHours


@receiver([post_save, post_delete], sender=BusinessProfile)
@receiver([post_save, post_delete], sender=OpeningHours)
def forget_cached_profile(**kwargs):
    cache.delete(PROFILE_CACHE_KEY)
