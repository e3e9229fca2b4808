from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView

from base.cache import page_query_parameters
from base.models import BusinessProfile
from base.structured_data import breadcrumb_trail, breadcrumbs_json_ld
from treatments.comparison import MAX_COMPARED, comparison_build
from treatments.models import Treatment
from treatments.structured_data import treatment_json_ld

GUIDES_SHOWN = 6


def _breadcrumbs(*pages):
    """Return the trail from the home page through the treatments list to pages."""
    return breadcrumb_trail(("Treatments", reverse("treatments:list")), *pages)


class TreatmentListView(ListView):
    template_name = "treatments/treatment_list.html"
    context_object_name = "treatments"

    def get_queryset(self):
        return Treatment.objects.published().for_cards()

    def get_context_data(self, **kwargs):
        crumbs = _breadcrumbs()
        return super().get_context_data(
            **kwargs, breadcrumbs=crumbs, structured_data=[breadcrumbs_json_ld(crumbs)]
        )


class TreatmentDetailView(DetailView):
    template_name = "treatments/treatment_detail.html"
    context_object_name = "treatment"

    def get_queryset(self):
        return (
            Treatment.objects.published()
            .select_related("category")
            .prefetch_related("skip_if", "not_for", "faqs")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The newest few, through the guides' own relation to treatments: a treatment can be
        # the subject of hundreds of guides.
        context["guides"] = self.object.articles.published().order_by("-published_at")[
            :GUIDES_SHOWN
        ]
        context["breadcrumbs"] = _breadcrumbs((self.object.name, self.object.get_absolute_url()))
        context["structured_data"] = [
            treatment_json_ld(treatment=self.object, business=BusinessProfile.load()),
            breadcrumbs_json_ld(context["breadcrumbs"]),
        ]
        return context


@require_safe
@page_query_parameters("t")
def compare(request):
    # Every published treatment is offered in the chooser, so the choices come from that list.
    choices = list(Treatment.objects.published().for_cards())
    comparison = comparison_build(slugs=request.GET.getlist("t"), treatments=choices)
    chosen = {treatment.slug for treatment in comparison.treatments}
    crumbs = _breadcrumbs(("Compare", reverse("treatments:compare")))
    return render(
        request,
        "treatments/treatment_compare.html",
        {
            "comparison": comparison,
            "treatments": comparison.treatments,
            "choices": choices,
            "chosen": chosen,
            "max_compared": MAX_COMPARED,
            "breadcrumbs": crumbs,
            "structured_data": [breadcrumbs_json_ld(crumbs)],
        },
    )
