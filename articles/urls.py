from django.urls import path
from django.views.generic import TemplateView

app_name = "articles"
urlpatterns = [
    path("", TemplateView.as_view(template_name="base/home.html"), name="list"),
    path("authors/<slug:slug>/", TemplateView.as_view(template_name="base/home.html"), name="author"),
]
