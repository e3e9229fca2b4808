import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create a local staff superuser once and print its password (development only)."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="staff")

    def handle(self, *args, username, **options):
        user_model = get_user_model()
        if user_model.objects.filter(username=username).exists():
            self.stdout.write(f"Staff login '{username}' exists already (password shown once).")
            return
        password = secrets.token_urlsafe(12)
        user_model.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(f"Staff login created: username '{username}', password '{password}'")
        )
