from django.urls import path

from treatments import views

app_name = "treatments"
urlpatterns = [
    path("", views.TreatmentListView.as_view(), name="list"),
    path("compare/", views.compare, name="compare"),
    path("<slug:slug>/", views.TreatmentDetailView.as_view(), name="detail"),
]
