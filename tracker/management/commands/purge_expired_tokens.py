"""python manage.py purge_expired_tokens — delete the API tokens that have expired (the
beat task tracker.tokens_purge_expired does the same every night)."""

from django.core.management.base import BaseCommand

from tracker.accounts.tokens import purge_expired


class Command(BaseCommand):
    help = "Delete expired API tokens (idle past their window or past their maximum age)."

    def handle(self, *args, **options):
        self.stdout.write(f"{purge_expired()} expired tokens deleted.")
