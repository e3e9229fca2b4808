from django.urls import path

from articles import views
from articles.feeds import LatestGuidesFeed

app_name = "articles"
urlpatterns = [
    path("", views.ArticleListView.as_view(), name="list"),
    path("feed/", LatestGuidesFeed(), name="feed"),
    path("topic/<slug:slug>/", views.TopicArticleListView.as_view(), name="topic"),
    path("authors/<slug:slug>/", views.AuthorArticleListView.as_view(), name="author"),
    path("preview/<int:pk>/", views.preview, name="preview"),
    path("preview/link/<str:token>/", views.preview_link, name="preview_link"),
    path("<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
]
