"""A superuser for local use, created without questions, with its password printed once."""

import os
import secrets

from axes.utils import reset as reset_lockouts
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Create or update a local superuser. Username from DJANGO_ADMIN_USER (default admin), "
        "password from DJANGO_ADMIN_PASSWORD or freshly generated; prints both. For local use only."
    )

    def handle(self, *args, **options):
        username = os.environ.get("DJANGO_ADMIN_USER", "").strip() or "admin"
        # A password cannot be read back from its hash, so without one in the environment each
        # run sets a new one and prints it: the printed password is always the one that works.
        password = os.environ.get("DJANGO_ADMIN_PASSWORD") or secrets.token_urlsafe(18)
        port = os.environ.get("PORT", "").strip() or "8000"

        User = get_user_model()
        with transaction.atomic():
            user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
            created = user is None
            if created:
                user = User(**{User.USERNAME_FIELD: username})
            user.is_staff = user.is_superuser = user.is_active = True
            user.set_password(password)
            user.save()
        # A run of failed logins may have locked this user out; a fresh password lifts the lock.
        reset_lockouts(username=username)

        self.stdout.write(self.style.SUCCESS(f"Local admin user {'created' if created else 'updated'}."))
        self.stdout.write(f"  username: {username}")
        self.stdout.write(f"  password: {password}")
        self.stdout.write(f"  log in at: http://127.0.0.1:{port}/admin/")
