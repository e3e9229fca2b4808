from django.urls import path

from consultations import views

app_name = "consultations"
urlpatterns = [
    path("", views.consultation_request, name="request"),
    path("thanks/", views.thanks, name="thanks"),
    path("booked/<uuid:uid>/", views.booked, name="booked"),
]
