"""`manage.py readyz [part …]`: the /readyz checks from a shell (the compose health checks of the workers)."""

import json

from django.core.management.base import BaseCommand, CommandError

from cmcoord.readiness import CHECKS, readiness


class Command(BaseCommand):
    help = "Ask the parts the service needs (all, or those named); exit 1 naming those that fail."

    def add_arguments(self, parser):
        parser.add_argument("parts", nargs="*", choices=sorted(CHECKS), help="Only these parts.")

    def handle(self, *args, parts, **options):
        ready, report = readiness(tuple(parts) or None)
        self.stdout.write(json.dumps(report))
        if not ready:
            raise CommandError(f"Not ready: {', '.join(report['failing'])}")
