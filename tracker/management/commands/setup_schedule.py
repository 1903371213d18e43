"""python manage.py setup_schedule — upsert the beat schedule (tracker/schedule.py) by name."""

from django.core.management.base import BaseCommand

from tracker.schedule import schedule_sync


class Command(BaseCommand):
    help = "Create or update the periodic tasks of django-celery-beat from the code."

    def handle(self, *args, **options):
        for name, outcome in schedule_sync().items():
            self.stdout.write(f"{outcome:>9}  {name}")
