from django.core.management.base import BaseCommand, CommandError

from articles.models import Article
from newsletter.models import Announcement
from newsletter.services import NewsletterError, announcement_send


class Command(BaseCommand):
    help = (
        "Email a published guide's announcement to every confirmed subscriber who has not had "
        "it yet. Safe to run again after a failure: nobody gets a second copy."
    )

    def add_arguments(self, parser):
        parser.add_argument("--article", required=True, metavar="SLUG", help="The guide's slug.")
        parser.add_argument(
            "--progress-every", type=int, default=100, help="Report progress every N messages."
        )

    def handle(self, *args, article, progress_every, **options):
        try:
            guide = Article.objects.published().get(slug=article)
        except Article.DoesNotExist:
            raise CommandError(
                f'No published guide has the slug "{article}". Only guides that are live on '
                "the site can be announced."
            ) from None
        announcement, _ = Announcement.objects.get_or_create(article=guide)
        self.stdout.write(f'Announcing "{guide.title}"...')
        try:
            result = announcement_send(
                announcement=announcement,
                progress=self.progress,
                progress_every=max(progress_every, 1),
            )
        except NewsletterError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Sent {result.sent} message(s).")
            if result.sent
            else "Every confirmed subscriber has already been sent this guide."
        )
        if result.refused:
            self.stdout.write(
                self.style.WARNING(
                    f"The mail server refused {result.refused} address(es) for good; "
                    "see Newsletter › Announcements in the admin."
                )
            )
        if result.held:
            self.stdout.write(
                self.style.WARNING(
                    f"{result.held} recipient(s) are held by another send in progress, or by "
                    "one interrupted in the last few minutes. Run this command again later to "
                    "reach them."
                )
            )

    def progress(self, sent, total):
        self.stdout.write(f"  {sent} of {total} sent")
