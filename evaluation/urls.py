from django.urls import include, path

urlpatterns = [
    path("", include("evaluation.performance.urls")),
    path("", include("evaluation.township.urls")),
]
