from django.urls import path

from consultations import booking_views, views

app_name = "consultations"
urlpatterns = [
    path("", views.consultation_request, name="request"),
    path("thanks/", views.thanks, name="thanks"),
    path("booking/<str:token>/", booking_views.booking_manage, name="manage"),
    path("booked/<uuid:uid>/", views.booked, name="booked"),
]
